--liquibase formatted sql

--changeset accounts:001-create-users
--comment: The account. email is stored as entered (trimmed, NFKC); email_normalized is its case-folded form and carries the uniqueness.
CREATE TABLE users (
    id                 uuid         NOT NULL,
    email              varchar(254) NOT NULL,
    email_normalized   varchar(254) NOT NULL,
    password_hash      varchar(512) NOT NULL,
    display_name       varchar(100),
    status             varchar(16)  NOT NULL,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    last_login_at      timestamptz,
    failed_login_count integer      NOT NULL DEFAULT 0,
    locked_until       timestamptz,
    version            bigint       NOT NULL DEFAULT 0,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_status_check CHECK (status IN ('PENDING', 'ACTIVE', 'DISABLED')),
    CONSTRAINT users_email_not_blank_check CHECK (char_length(btrim(email)) > 0),
    CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0)
);
CREATE UNIQUE INDEX users_email_normalized_key ON users (email_normalized);
CREATE INDEX users_created_at_id_idx ON users (created_at, id);
--rollback DROP TABLE users;
