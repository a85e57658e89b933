--liquibase formatted sql

--changeset accounts:007-create-password-resets
--comment: Password reset tokens, stored only as their SHA-256; single use (used_at is set by one conditional UPDATE).
CREATE TABLE password_resets (
    id         uuid        NOT NULL,
    token_hash varchar(64) NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT password_resets_pkey PRIMARY KEY (id),
    CONSTRAINT password_resets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT password_resets_expiry_check CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX password_resets_token_hash_key ON password_resets (token_hash);
CREATE INDEX password_resets_user_id_idx ON password_resets (user_id);
--rollback DROP TABLE password_resets;
