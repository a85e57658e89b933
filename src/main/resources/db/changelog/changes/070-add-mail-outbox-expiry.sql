--liquibase formatted sql

--changeset accounts:070-add-mail-outbox-expiry
--comment: A queued mail may carry a link with a token; expires_at is when that token expires (NULL: no token). Mail not sent by then, or not sent after accounts.mail.max-attempts or max-age, is given up: dead_at is set and the payload erased, so that no raw token outlives its expiry in the outbox.
ALTER TABLE mail_outbox ADD COLUMN expires_at timestamptz;
ALTER TABLE mail_outbox ADD COLUMN dead_at timestamptz;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_sent_or_dead_check CHECK (sent_at IS NULL OR dead_at IS NULL);
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_dead_payload_check CHECK (dead_at IS NULL OR payload IS NULL);
DROP INDEX mail_outbox_due_idx;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND dead_at IS NULL;
--rollback DROP INDEX mail_outbox_due_idx; CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL; ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_dead_payload_check; ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_sent_or_dead_check; ALTER TABLE mail_outbox DROP COLUMN dead_at; ALTER TABLE mail_outbox DROP COLUMN expires_at;
