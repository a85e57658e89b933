--liquibase formatted sql

--changeset accounts:061-create-unlock-tokens
--comment: The single-use "unlock and sign in" link of the lock mail: SHA-256 (hex) of a 256-bit token, valid until expires_at, spent by used_at. Spending it clears every lock of the account (per client and account-wide) and signs its holder in, so that nobody can lock a person out of their own account (README "Malicious lockout").
CREATE TABLE unlock_tokens (
    id         uuid        NOT NULL,
    token_hash varchar(64) NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT unlock_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT unlock_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT unlock_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT unlock_tokens_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX unlock_tokens_user_id_idx ON unlock_tokens (user_id);
--rollback DROP TABLE unlock_tokens;
