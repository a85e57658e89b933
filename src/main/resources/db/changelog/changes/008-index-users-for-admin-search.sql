--liquibase formatted sql

--changeset accounts:008-create-extension-pg-trgm
--comment: Trigram indexes make display-name substring search use an index. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

--changeset accounts:008-index-users-for-admin-search
--comment: Admin search: email prefix (pattern ops, whatever the collation) and display-name substring, both case-insensitive.
CREATE INDEX users_email_normalized_prefix_idx ON users (email_normalized varchar_pattern_ops);
CREATE INDEX users_display_name_trgm_idx ON users USING gin (lower(display_name) gin_trgm_ops);
--rollback DROP INDEX users_display_name_trgm_idx; DROP INDEX users_email_normalized_prefix_idx;
