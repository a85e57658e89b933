--liquibase formatted sql

--changeset accounts:006-create-refresh-tokens
--comment: Opaque refresh tokens, stored only as their SHA-256. Each login starts a family; each refresh rotates the token within it (rotated_at, replaced_by), and presenting a rotated token again revokes the whole family.
CREATE TABLE refresh_tokens (
    id          uuid        NOT NULL,
    token_hash  varchar(64) NOT NULL,
    user_id     uuid        NOT NULL,
    family_id   uuid        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    replaced_by uuid,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- Deferred: a rotation names its successor before the successor's row is inserted, in one transaction.
    CONSTRAINT refresh_tokens_replaced_by_fkey FOREIGN KEY (replaced_by) REFERENCES refresh_tokens (id)
        ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT refresh_tokens_expiry_check CHECK (expires_at > issued_at),
    CONSTRAINT refresh_tokens_rotation_check CHECK ((rotated_at IS NULL) = (replaced_by IS NULL))
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
--rollback DROP TABLE refresh_tokens;
