--liquibase formatted sql

--changeset accounts:002-create-user-roles
CREATE TABLE user_roles (
    user_id uuid        NOT NULL,
    role    varchar(64) NOT NULL,
    CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_roles_role_not_blank_check CHECK (char_length(btrim(role)) > 0)
);
--rollback DROP TABLE user_roles;
