--liquibase formatted sql

--changeset accounts:040-create-sessions
--comment: One row per refresh-token family (id = refresh_tokens.family_id): when and how the user authenticated (created_at is the auth_time of every access token of the session, amr its methods), when the session was last refreshed and from where it started. The absolute session lifetime counts from created_at.
CREATE TABLE sessions (
    id           uuid         NOT NULL,
    user_id      uuid         NOT NULL,
    created_at   timestamptz  NOT NULL,
    amr          varchar(64)  NOT NULL,
    last_used_at timestamptz  NOT NULL,
    ip           varchar(45),
    user_agent   varchar(512),
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_last_used_check CHECK (last_used_at >= created_at),
    -- RFC 8176 method names, comma-separated: "pwd", later "pwd,otp".
    CONSTRAINT sessions_amr_check CHECK (amr ~ '^[a-z]{2,16}(,[a-z]{2,16}){0,3}$')
);
-- The user's sessions, oldest first: listing, and evicting the oldest beyond the per-user cap.
CREATE INDEX sessions_user_id_created_at_idx ON sessions (user_id, created_at);
-- Families that existed before this change: a password login, started when their first token was issued.
INSERT INTO sessions (id, user_id, created_at, amr, last_used_at)
SELECT family_id, user_id, min(issued_at), 'pwd', max(issued_at) FROM refresh_tokens GROUP BY family_id, user_id;
--rollback DROP TABLE sessions;
