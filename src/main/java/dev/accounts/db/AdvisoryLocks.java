package dev.accounts.db;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * PostgreSQL transaction-scoped advisory locks: they serialize work across every replica and are
 * released by the commit or rollback, so none can be left behind.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Waits for, and holds until the current transaction ends, the lock with this key. */
    public static void lockForTransaction(long key) {
        // pg_advisory_xact_lock returns void, which JPA cannot map; counting its one row can be.
        Panache.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                .setParameter("key", key)
                .getSingleResult();
    }
}
