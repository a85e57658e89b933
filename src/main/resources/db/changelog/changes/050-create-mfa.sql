--liquibase formatted sql

--changeset accounts:050-create-mfa
--comment: Second factors (one row per factor; kind 'totp' now, passkeys later), their recovery codes (hashes, single-use) and the login challenges between the password step and the second factor (token hashes, single-use, short-lived).
CREATE TABLE user_mfa_factors (
    id             uuid          NOT NULL,
    user_id        uuid          NOT NULL,
    kind           varchar(16)   NOT NULL,
    -- AES-GCM ciphertext of the TOTP secret (nonce || ciphertext || tag), never the secret itself.
    secret         bytea         NOT NULL,
    created_at     timestamptz   NOT NULL,
    confirmed_at   timestamptz,
    -- The last accepted RFC 6238 time step: a code is accepted once (no replay).
    last_used_step bigint,
    CONSTRAINT user_mfa_factors_pkey PRIMARY KEY (id),
    CONSTRAINT user_mfa_factors_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_mfa_factors_kind_check CHECK (kind IN ('totp')),
    -- One factor of a kind per user (an unconfirmed enrolment is replaced by a new one).
    CONSTRAINT user_mfa_factors_user_kind_key UNIQUE (user_id, kind)
);
CREATE TABLE mfa_recovery_codes (
    id         uuid         NOT NULL,
    user_id    uuid         NOT NULL,
    code_hash  varchar(64)  NOT NULL,
    created_at timestamptz  NOT NULL,
    used_at    timestamptz,
    CONSTRAINT mfa_recovery_codes_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT mfa_recovery_codes_user_hash_key UNIQUE (user_id, code_hash)
);
CREATE TABLE mfa_challenges (
    id         uuid         NOT NULL,
    user_id    uuid         NOT NULL,
    token_hash varchar(64)  NOT NULL,
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz,
    CONSTRAINT mfa_challenges_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_challenges_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT mfa_challenges_token_hash_key UNIQUE (token_hash),
    CONSTRAINT mfa_challenges_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX mfa_challenges_user_id_idx ON mfa_challenges (user_id);
--rollback DROP TABLE mfa_challenges; DROP TABLE mfa_recovery_codes; DROP TABLE user_mfa_factors;
