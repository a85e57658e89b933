--liquibase formatted sql

--changeset accounts:071-add-refresh-tokens-successor-sealed
--comment: With a refresh-token reuse interval above 0, the first rotation of a token stores its successor sealed (AES-256-GCM) under a key derived from the rotated token's raw value, which the database never holds: a concurrent refresh with the same token within the interval gets that same successor instead of a second live one. Cleared by the retention purge once the interval is over. NULL with the default interval 0.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed bytea;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_successor_sealed_check CHECK (successor_sealed IS NULL OR (rotated_at IS NOT NULL AND replaced_by IS NOT NULL));
CREATE INDEX refresh_tokens_successor_sealed_idx ON refresh_tokens (rotated_at) WHERE successor_sealed IS NOT NULL;
--rollback DROP INDEX refresh_tokens_successor_sealed_idx; ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_successor_sealed_check; ALTER TABLE refresh_tokens DROP COLUMN successor_sealed;
