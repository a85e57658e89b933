package dev.accounts.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.security.PasswordHashFormats;
import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/**
 * Acceptance 1 of issue 13 with a real Django (Debian's python3-django, python3-psycopg2, python3-argon2,
 * python3-bcrypt; .ci/run installs them): src/test/django/seed.py migrates a small Django project with the
 * seed's UserRegistrationModel into a throwaway database and makes users with Django's own make_password for
 * every hasher it ships, groups, staff and superusers, an inactive user, one without a usable password, one
 * without an address and two whose addresses differ only in case. import-django moves them; each logs in
 * with the original password and gets an argon2id hash; counts, roles, statuses and registration records
 * match Django's; a second run changes nothing.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjangoImportTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SEED = Path.of("src/test/django/seed.py");

    @Inject
    DjangoImport djangoImport;

    @Inject
    DjangoImportCommand command;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    private final String tag = "dj" + UUID.randomUUID().toString().substring(0, 8);
    private final String djangoDatabase = "accounts_ops_django_" + tag;
    private final List<JsonNode> seeded = new ArrayList<>();
    private Db db;
    private Db django;

    @BeforeAll
    void seedDjango() throws Exception {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        assumeTrue(djangoInstalled(), "Debian's python3-django, python3-psycopg2, python3-argon2 and python3-bcrypt "
                + "are needed (apt-get install them; .ci/run does)");
        db = new Db(dataSource);
        TestDatabase.create(djangoDatabase);
        django = new Db(TestDatabase.dataSource(djangoDatabase));
        ProcessBuilder seed = new ProcessBuilder(PYTHON, SEED.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        seed.environment().put("DJANGO_DB_NAME", djangoDatabase);
        seed.environment().put("DJANGO_DB_HOST", TestDatabase.server().getHost());
        seed.environment().put("DJANGO_DB_PORT", String.valueOf(TestDatabase.server().getPort()));
        seed.environment().put("DJANGO_DB_USER", TestDatabase.username().orElse("postgres"));
        seed.environment().put("DJANGO_SEED_TAG", tag);
        Process process = seed.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "seed.py did not finish");
        assertEquals(0, process.exitValue(), "seed.py failed");
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                seeded.add(json.readTree(line));
            }
        }
    }

    @AfterAll
    void dropDjango() {
        if (django != null) {
            TestDatabase.drop(djangoDatabase);
        }
    }

    @Test
    void everyDjangoUserMovesWithTheirPasswordRolesStatusAndRegistration() throws Exception {
        DjangoImportSummary dry = run(true);
        assertTrue(dry.dryRun());
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email_normalized LIKE ?", "%@" + tag + ".django.example"),
                "a dry run writes nothing");

        DjangoImportSummary first = run(false);
        long djangoUsers = django.count("SELECT count(*) FROM auth_user");
        assertEquals(seeded.size(), djangoUsers);
        assertEquals(djangoUsers, first.read());
        // Not imported: the user without an address and the two case variants, each reported by Django id.
        List<JsonNode> expected = seeded.stream().filter(u -> !u.path("email").asText().isEmpty()
                && !u.path("email").asText().toLowerCase().startsWith("dup.person")).toList();
        assertEquals(expected.size(), first.imported());
        assertEquals(3, first.skipped());
        assertEquals(new TreeSet<>(List.of(id("noaddress"), id("dup1"), id("dup2"))),
                new TreeSet<>(first.problems().stream().map(DjangoImportSummary.Problem::djangoUserId).toList()));
        assertEquals(dry.imported(), first.imported(), "the dry run predicted the real one");
        assertEquals(dry.byFormat(), first.byFormat());
        assertTrue(first.byFormat().keySet().containsAll(List.of("django_pbkdf2_sha256", "django_pbkdf2_sha1",
                "django_argon2", "django_bcrypt_sha256", "django_bcrypt", "django_sha1", "django_md5",
                "django_unsalted_sha1", "django_unsalted_md5", "django_crypt", "django_scrypt", "unusable")),
                first.byFormat().toString());
        assertEquals("legacy_userregistrationmodel", first.registrationTable());
        assertEquals(Map.of("Blog Authors", "blog-authors", "Editors", "editors"), first.groupRoles());

        for (JsonNode user : expected) {
            String email = user.path("email").asText();
            String normalized = email.toLowerCase();
            assertEquals(user.path("active").asBoolean() ? "ACTIVE" : "DISABLED",
                    db.string("SELECT status FROM users WHERE email_normalized = ?", normalized), email);
            assertEquals(email, db.string("SELECT email FROM users WHERE email_normalized = ?", normalized));
            assertEquals(roles(user), db.string("SELECT string_agg(role, ',' ORDER BY role) FROM user_roles r "
                    + "JOIN users u ON u.id = r.user_id WHERE u.email_normalized = ?", normalized), email);
            assertEquals(OffsetDateTime.parse(user.path("dateJoined").asText()).toInstant(),
                    Instant.parse(db.string("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                            + "FROM users WHERE email_normalized = ?", normalized)));
            assertEquals(user.path("registered").asBoolean() ? 1 : 0, db.count("SELECT count(*) FROM registrations r "
                    + "JOIN users u ON u.id = r.user_id WHERE u.email_normalized = ? AND r.registered_at = u.created_at",
                    normalized), email);
            assertEquals("Ada " + capitalized(user.path("hasher").asText()),
                    db.string("SELECT display_name FROM users WHERE email_normalized = ?", normalized));
            String password = user.path("password").isNull() ? null : user.path("password").asText();
            if (password == null) {
                // No usable password in Django: the account exists and must reset; no password opens it.
                assertTrue(PasswordHashFormats.isUnusable(hashOf(normalized)));
                assertEquals(401, Accounts.login(email, "anything-at-all-1").statusCode());
            } else if (!user.path("active").asBoolean()) {
                // Disabled: the imported hash still verifies, but the login is refused like a wrong password.
                assertTrue(PasswordHashFormats.verify(password, hashOf(normalized)));
                assertEquals(401, Accounts.login(email, password).statusCode());
            } else {
                // A changed first character: Django's crypt (DES) reads only 8 bytes, so a suffix would pass.
                assertEquals(401, Accounts.login(email, "x" + password).statusCode(), email);
                Accounts.clearLockout(db, email);
                assertEquals(200, Accounts.login(email, password).statusCode(), user.path("hasher").asText());
                assertTrue(hashOf(normalized).startsWith("$argon2id$v=19$"), "upgraded on login: " + email);
                assertEquals(200, Accounts.login(email, password).statusCode(), "and again with the argon2id hash");
            }
        }
        assertEquals(django.count("SELECT count(*) FROM legacy_userregistrationmodel r JOIN auth_user u ON u.id = r.user_id "
                + "WHERE u.email <> '' AND lower(u.email) NOT LIKE 'dup.person%'"),
                db.count("SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id WHERE u.email_normalized LIKE ?",
                        "%@" + tag + ".django.example"));
        assertEquals(django.count("SELECT count(*) FROM auth_user WHERE is_superuser"),
                db.count("SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id "
                        + "WHERE r.role = 'admin' AND u.email_normalized LIKE ?", "%@" + tag + ".django.example"));

        String before = snapshot();
        DjangoImportSummary second = run(false);
        assertEquals(0, second.imported());
        assertEquals(first.imported(), second.alreadyPresent());
        assertEquals(before, snapshot(), "a second run changes nothing");
    }

    @Test
    void manyBatchesOnParallelWritersLoseNothingAndDuplicateNothing() throws Exception {
        // More users than two batches: batches in flight on both writer threads at once, and a short last one.
        int users = 2 * DjangoImport.BATCH_SIZE + 1;
        String bulk = "bulk." + tag + ".django.example";
        // A hash the seed made with Django's own make_password; joined in 2100, so that --since picks these alone.
        String hash = django.string("SELECT password FROM auth_user WHERE username = 'staff'");
        Instant since = Instant.parse("2099-12-31T00:00:00Z");
        try {
            django.update("""
                    INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                           is_active, date_joined)
                    SELECT ?, n % 3 = 0, 'bulk' || n, 'Bulk', n::text, 'bulk' || n || '@' || ?, false, n % 10 <> 0,
                           timestamptz '2100-01-01' + n * interval '1 second'
                    FROM generate_series(1, ?) n
                    """, hash, bulk, users);
            DjangoImportSummary first = runSince(since);
            assertEquals(users, first.read());
            assertEquals(users, first.imported());
            assertEquals(0, first.alreadyPresent());
            assertEquals(users, db.count("SELECT count(*) FROM users WHERE email_normalized LIKE ?", "%@" + bulk));
            assertEquals(users / 3, db.count("SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id "
                    + "WHERE r.role = 'admin' AND u.email_normalized LIKE ?", "%@" + bulk));
            assertEquals(users / 10, db.count("SELECT count(*) FROM users WHERE status = 'DISABLED' AND email_normalized LIKE ?",
                    "%@" + bulk));
            assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE type = 'USERS_IMPORTED' "
                    + "AND (details->>'imported')::bigint = ?", (long) users));

            DjangoImportSummary second = runSince(since);
            assertEquals(0, second.imported());
            assertEquals(users, second.alreadyPresent());
            assertEquals(users, db.count("SELECT count(*) FROM users WHERE email_normalized LIKE ?", "%@" + bulk));
        } finally {
            django.update("DELETE FROM auth_user WHERE email LIKE ?", "%@" + bulk);
        }
    }

    @Test
    void theCommandProvesASampleOfKnownPasswordsAndFailsOnAWrongOne(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        JsonNode pbkdf2 = seeded.stream().filter(u -> u.path("hasher").asText().equals("pbkdf2_sha1")).findFirst().orElseThrow();
        JsonNode md5 = seeded.stream().filter(u -> u.path("hasher").asText().equals("md5")).findFirst().orElseThrow();
        Path good = dir.resolve("good.ndjson");
        Files.writeString(good, line(pbkdf2, pbkdf2.path("password").asText()) + "\n" + line(md5, md5.path("password").asText()));
        Path bad = dir.resolve("bad.ndjson");
        Files.writeString(bad, line(pbkdf2, pbkdf2.path("password").asText()) + "\n" + line(md5, "not-the-password"));
        String url = TestDatabase.url(TestDatabase.server().getHost(), TestDatabase.server().getPort(), djangoDatabase);
        assertEquals(0, command.run("import-django", "--jdbc-url", url, "--dry-run", "--verify-sample", good.toString()));
        assertEquals(1, command.run("import-django", "--jdbc-url", url, "--dry-run", "--verify-sample", bad.toString()));
        assertEquals(2, command.run("import-django", "--jdbc-url", url, "--since", "yesterday"));
        assertEquals(2, command.run("import-django"));
        assertEquals(1, command.run("import-django", "--jdbc-url", url, "--registration-table", "no_such_table", "--dry-run"));
    }

    private String line(JsonNode user, String password) throws IOException {
        return json.writeValueAsString(Map.of("email", user.path("email").asText(), "password", password));
    }

    private DjangoImportSummary run(boolean dryRun) throws Exception {
        return run(dryRun, null);
    }

    private DjangoImportSummary runSince(Instant since) throws Exception {
        return run(false, since);
    }

    private DjangoImportSummary run(boolean dryRun, Instant since) throws Exception {
        String url = TestDatabase.url(TestDatabase.server().getHost(), TestDatabase.server().getPort(), djangoDatabase);
        try (Connection connection = DriverManager.getConnection(url, TestDatabase.username().orElse(null),
                TestDatabase.password().orElse(null))) {
            List<Long> progress = new ArrayList<>();
            DjangoImportSummary summary = djangoImport.run(connection,
                    new DjangoImport.Options(null, "admin", "staff", Map.of(), since, dryRun), progress::add);
            assertFalse(progress.isEmpty());
            return summary;
        }
    }

    private String snapshot() {
        return db.string("""
                SELECT string_agg(concat_ws('|', u.email, u.password_hash, u.status, u.display_name, u.created_at,
                       u.last_login_at, u.updated_at,
                       (SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE user_id = u.id),
                       (SELECT concat_ws('/', registered_at, activated_at) FROM registrations WHERE user_id = u.id)),
                       ';' ORDER BY u.email)
                FROM users u WHERE u.email_normalized LIKE ?
                """, "%@" + tag + ".django.example");
    }

    private long id(String username) {
        return django.count("SELECT id FROM auth_user WHERE username = ?", username);
    }

    private String hashOf(String normalized) {
        String hash = db.string("SELECT password_hash FROM users WHERE email_normalized = ?", normalized);
        assertNotNull(hash);
        return hash;
    }

    private static String roles(JsonNode user) {
        TreeSet<String> roles = new TreeSet<>(List.of("user"));
        if (user.path("superuser").asBoolean()) {
            roles.add("admin");
        }
        if (user.path("staff").asBoolean()) {
            roles.add("staff");
        }
        user.path("groups").forEach(g -> roles.add(g.asText().toLowerCase().replace(' ', '-')));
        return String.join(",", roles);
    }

    private static String capitalized(String hasher) {
        // Python's str.title(): "pbkdf2_sha256" becomes "Pbkdf2_Sha256".
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : hasher.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static boolean djangoInstalled() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import django, psycopg2, argon2, bcrypt")
                    .redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
