--liquibase formatted sql

--changeset accounts:010-index-for-retention-purge
--comment: The retention purge (retention/PurgeKind) finds what expired or was sent by index, not by scanning each table every hour.
CREATE INDEX refresh_tokens_family_id_expires_at_idx ON refresh_tokens (family_id, expires_at);
CREATE INDEX password_resets_expires_at_idx ON password_resets (expires_at);
CREATE INDEX registrations_activation_token_expires_at_idx ON registrations (activation_token_expires_at)
    WHERE activation_token_expires_at IS NOT NULL;
CREATE INDEX mail_outbox_sent_at_idx ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
--rollback DROP INDEX mail_outbox_sent_at_idx; DROP INDEX registrations_activation_token_expires_at_idx; DROP INDEX password_resets_expires_at_idx; DROP INDEX refresh_tokens_family_id_expires_at_idx;
