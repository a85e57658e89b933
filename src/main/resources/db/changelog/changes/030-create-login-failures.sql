--liquibase formatted sql

--changeset accounts:030-create-login-failures
--comment: Failed logins counted per account and client (IPv4 address or IPv6 /64), so that one client's failures lock the account for that client only (README "Security measures", malicious lockout); users.failed_login_count stays the account-wide ceiling, and decays too (users.last_failed_login_at).
CREATE TABLE login_failures (
    user_id         uuid        NOT NULL,
    client_key      varchar(64) NOT NULL,
    failures        integer     NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz,
    CONSTRAINT login_failures_pkey PRIMARY KEY (user_id, client_key),
    CONSTRAINT login_failures_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT login_failures_failures_positive CHECK (failures > 0)
);
ALTER TABLE users ADD COLUMN last_failed_login_at timestamptz;
--rollback ALTER TABLE users DROP COLUMN last_failed_login_at; DROP TABLE login_failures;
