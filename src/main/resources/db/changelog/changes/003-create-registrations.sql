--liquibase formatted sql

--changeset accounts:003-create-registrations
--comment: The one-to-one extension of the user (Django's UserRegistrationModel): it shares the user's primary key and goes with it.
CREATE TABLE registrations (
    user_id                     uuid        NOT NULL,
    activation_token_hash       varchar(64),
    activation_token_expires_at timestamptz,
    registered_at               timestamptz NOT NULL,
    activated_at                timestamptz,
    registered_ip               varchar(45),
    registered_user_agent       varchar(512),
    CONSTRAINT registrations_pkey PRIMARY KEY (user_id),
    CONSTRAINT registrations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT registrations_token_expiry_check
        CHECK ((activation_token_hash IS NULL) = (activation_token_expires_at IS NULL))
);
CREATE UNIQUE INDEX registrations_activation_token_hash_key ON registrations (activation_token_hash);
--rollback DROP TABLE registrations;
