package dev.accounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestClock;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * Lockout after consecutive failed logins from one client (here every request comes from 127.0.0.1),
 * durable in login_failures; time moves by the test clock. ClientLockoutTest has the other clients.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class LockoutTest extends ApiTest {

    private static final String WRONG = "not-the-Password-123";
    private static final String LOCKED_SUBJECT = "Your account is locked for a while";

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void fiveFailuresLockTheAccountWithTheSame401AndOneMail() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);

        for (int i = 0; i < 4; i++) {
            assertEquals(401, Accounts.login(email, WRONG).statusCode());
        }
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "four failures do not lock");
        assertEquals(0, failures(db, email), "a success resets the count");

        for (int i = 0; i < 5; i++) {
            assertEquals(401, Accounts.login(email, WRONG).statusCode());
        }
        ExtractableResponse<Response> locked = Accounts.login(email, TestData.GOOD_PASSWORD);
        ExtractableResponse<Response> wrong = Accounts.login(email, WRONG);
        ExtractableResponse<Response> unknown = Accounts.login(TestData.uniqueEmail(), WRONG);
        assertEquals(401, locked.statusCode(), "the right password does not open a locked account");
        assertEquals(unknown.asString(), locked.asString());
        assertEquals(unknown.asString(), wrong.asString());
        assertEquals(5, failures(db, email), "failures while locked are not counted");
        assertEquals(5, clientFailures(db, email));
        long lockSeconds = secondsLocked(db, email);
        assertTrue(lockSeconds > 55 && lockSeconds <= 60, "locked for a minute: " + lockSeconds + " s");

        List<MimeMessage> mails = Mailbox.await(smtp, email, LOCKED_SUBJECT, 1);
        assertTrue(GreenMailUtil.getBody(mails.get(0)).contains("5 times in a row"));
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id
                WHERE u.email = ? AND m.template = 'ACCOUNT_LOCKED'
                """, email), "one mail per lock, however many attempts follow");
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'ACCOUNT_LOCKED'
                """, email));
        assertEquals(2, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'LOGIN_FAILED' AND a.details ->> 'reason' = 'locked'
                """, email));

        clock.advance(Duration.ofSeconds(61));
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "the lock has ended");
        assertEquals(0, failures(db, email));
        assertNull(db.string("SELECT locked_until FROM users WHERE email = ?", email));
    }

    @Test
    void eachFailureAfterALockDoublesTheNextOneUpToTheCap() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        for (int i = 0; i < 5; i++) {
            Accounts.login(email, WRONG);
        }
        clock.advance(Duration.ofSeconds(61));
        assertEquals(401, Accounts.login(email, WRONG).statusCode());
        assertEquals(6, clientFailures(db, email));
        long lockSeconds = secondsLocked(db, email);
        assertTrue(lockSeconds > 115 && lockSeconds <= 120, "second lock: two minutes, was " + lockSeconds + " s");

        clock.advance(Duration.ofSeconds(61));
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "still locked after one minute");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "open after two");

        db.update("INSERT INTO login_failures SELECT id, '127.0.0.1', 30, now(), NULL FROM users WHERE email = ?", email);
        assertEquals(401, Accounts.login(email, WRONG).statusCode());
        lockSeconds = secondsLocked(db, email);
        assertTrue(lockSeconds > 3595 && lockSeconds <= 3600, "capped at an hour, was " + lockSeconds + " s");
        assertEquals(3, db.count("""
                SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id
                WHERE u.email = ? AND m.template = 'ACCOUNT_LOCKED'
                """, email), "a mail for each of the three locks");
    }

    /** Concurrent failures lose no count (one atomic UPDATE each): the lock starts at exactly five, once. */
    @Test
    void concurrentFailuresAreAllCountedAndLockOnce() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                attempts.add(() -> Accounts.login(email, WRONG).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                assertEquals(401, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, clientFailures(db, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'ACCOUNT_LOCKED'
                """, email));
        assertEquals(7, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'LOGIN_FAILED' AND a.details ->> 'reason' = 'locked'
                """, email));
    }

    private static long failures(Db db, String email) {
        return db.count("SELECT failed_login_count FROM users WHERE email = ?", email);
    }

    private static long clientFailures(Db db, String email) {
        return db.count("""
                SELECT f.failures FROM login_failures f JOIN users u ON u.id = f.user_id
                WHERE u.email = ? AND f.client_key = '127.0.0.1'
                """, email);
    }

    /** How long this client's lock lasts from the test clock's now. */
    private long secondsLocked(Db db, String email) {
        Instant until = Instant.parse(db.string("""
                SELECT to_char(f.locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.email = ? AND f.client_key = '127.0.0.1'
                """, email));
        return Duration.between(clock.instant(), until).toSeconds();
    }
}
