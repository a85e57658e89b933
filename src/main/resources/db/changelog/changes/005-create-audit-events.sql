--liquibase formatted sql

--changeset accounts:005-create-audit-events
--comment: Security history. It outlives the account (user_id is set to NULL) and never holds an email address or a secret.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    type        varchar(64) NOT NULL,
    user_id     uuid,
    occurred_at timestamptz NOT NULL,
    ip          varchar(45),
    details     jsonb,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id),
    CONSTRAINT audit_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX audit_events_user_id_idx ON audit_events (user_id, occurred_at);
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
--rollback DROP TABLE audit_events;
