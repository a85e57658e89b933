--liquibase formatted sql

--changeset accounts:004-create-mail-outbox
--comment: Mail to send, written in the transaction of the change that causes it. payload (which may hold a link with a token) is cleared once the mail is sent.
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    user_id         uuid,
    recipient       varchar(254) NOT NULL,
    template        varchar(64)  NOT NULL,
    payload         jsonb,
    attempts        integer      NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL,
    next_attempt_at timestamptz  NOT NULL,
    sent_at         timestamptz,
    last_error      varchar(1000),
    CONSTRAINT mail_outbox_pkey PRIMARY KEY (id),
    CONSTRAINT mail_outbox_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT mail_outbox_attempts_check CHECK (attempts >= 0)
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_user_template_idx ON mail_outbox (user_id, template, created_at);
--rollback DROP TABLE mail_outbox;
