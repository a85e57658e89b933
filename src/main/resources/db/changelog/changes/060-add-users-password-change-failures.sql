--liquibase formatted sql

--changeset accounts:060-add-users-password-change-failures
--comment: Consecutive wrong current passwords on PUT /users/me/password (a stolen access token must not become a password-guessing oracle): at accounts.password.change-max-failures the session that made them is ended and the count starts over; a success clears it, and a failure after accounts.lockout.decay of quiet counts from 1.
ALTER TABLE users ADD COLUMN password_change_failures integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_password_change_failure_at timestamptz;
ALTER TABLE users ADD CONSTRAINT users_password_change_failures_check CHECK (password_change_failures >= 0);
--rollback ALTER TABLE users DROP COLUMN last_password_change_failure_at; ALTER TABLE users DROP COLUMN password_change_failures;
