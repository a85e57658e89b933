--liquibase formatted sql

--changeset accounts:020-create-throttle-buckets
--comment: Per-client token buckets (http/ClientThrottle), shared by every replica: bucket4j's PostgreSQL backend, in bucket4j's own serialized state. One row per endpoint and client key (an IPv4 address or an IPv6 /64); expires_at (epoch milliseconds) is when the bucket is full again, after which the row is deleted.
CREATE TABLE throttle_buckets (
    id varchar(128) NOT NULL,
    state bytea NOT NULL,
    expires_at bigint,
    CONSTRAINT throttle_buckets_pkey PRIMARY KEY (id)
);
CREATE INDEX throttle_buckets_expires_at_idx ON throttle_buckets (expires_at);
--rollback DROP TABLE throttle_buckets;
