--liquibase formatted sql

--changeset accounts:080-add-mfa-challenge-purpose
--comment: A challenge is either a login's second step ('login', the mfaToken) or the enrolment that a role demands before any normal token ('enrolment', accounts.mfa.required-roles); each token works only for its own purpose.
ALTER TABLE mfa_challenges ADD COLUMN purpose varchar(16) NOT NULL DEFAULT 'login';
ALTER TABLE mfa_challenges ADD CONSTRAINT mfa_challenges_purpose_check CHECK (purpose IN ('login', 'enrolment'));
--rollback ALTER TABLE mfa_challenges DROP CONSTRAINT mfa_challenges_purpose_check; ALTER TABLE mfa_challenges DROP COLUMN purpose;
