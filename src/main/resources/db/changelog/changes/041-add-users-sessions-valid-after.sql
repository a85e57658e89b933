--liquibase formatted sql

--changeset accounts:041-add-users-sessions-valid-after
--comment: Access tokens issued (iat) before this time are refused on /users/me and /admin: set when the account is disabled or demoted, its password changed or reset, or all its sessions ended. Whole seconds, as iat is. NULL: no such event yet.
ALTER TABLE users ADD COLUMN sessions_valid_after timestamptz;
ALTER TABLE users ADD CONSTRAINT users_sessions_valid_after_check CHECK (sessions_valid_after = date_trunc('second', sessions_valid_after));
--rollback ALTER TABLE users DROP COLUMN sessions_valid_after;
