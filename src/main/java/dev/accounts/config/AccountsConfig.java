package dev.accounts.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** The service's own settings, under the prefix {@code accounts.} (env: {@code ACCOUNTS_...}). */
@ConfigMapping(prefix = "accounts")
public interface AccountsConfig {

    /** Public address of the service; mail links are built from it by default. */
    String publicBaseUrl();

    /**
     * Lets production start with a public address that is not HTTPS or names this machine (tests, local
     * trials); production refuses one otherwise (config/ProductionChecks).
     */
    @WithDefault("false")
    boolean insecurePublicBaseUrlAllowed();

    Audit audit();

    Password password();

    RegistrationSettings registration();

    Mail mail();

    Auth auth();

    PasswordResetSettings passwordReset();

    PagesSettings pages();

    Lockout lockout();

    Throttle throttle();

    BootstrapAdmin bootstrapAdmin();

    Health health();

    interface Password {
        /**
         * NIST SP 800-63B-4 asks 15 where the password is the only factor; 8 is the floor it allows, and
         * defensible only where every account also has a second factor (README "Password policy").
         */
        @WithDefault("15")
        int minLength();

        @WithDefault("256")
        int maxLength();

        /** Hash requests that may wait for a hashing thread; beyond this, 503 with Retry-After. */
        @WithDefault("64")
        int hashingQueueSize();

        /**
         * Longest a request waits for its hash (queue and work together); beyond it the work is cancelled
         * (argon2 stops at its next segment) and the caller gets 503 with Retry-After. Never forever.
         */
        @WithDefault("5S")
        Duration hashingDeadline();

        /**
         * A failed password check is answered no sooner than this after it began, whatever the stored
         * hash: the service's own argon2, the dummy hash of an unknown address, or an imported hash that
         * costs more (bcrypt 13 and the largest accepted PBKDF2, argon2 and sha-crypt costs take up to about
         * 0.5 s on 2 CPUs). Above the largest accepted cost, so that a wrong password on an imported
         * account times like one on an unknown address. A successful check is not delayed. 0 turns it off.
         */
        @WithDefault("750ms")
        Duration failedVerificationMinTime();

        /**
         * Consecutive wrong current passwords on a password change after which every session of the
         * account is revoked: a stolen access token must not become a password-guessing oracle.
         */
        @WithDefault("5")
        int changeMaxFailures();

        Argon2 argon2();

        /**
         * Words no password may contain (case-insensitively), besides the product name and the account's
         * own display name and email local part: the organisation's name, its domain, the product's old
         * names. NIST SP 800-63B-4 3.1.1.2 ("context-specific words").
         */
        Optional<List<String>> contextWords();

        BreachCheck breachCheck();

        /**
         * The breached-password check: the Pwned Passwords range API (k-anonymity: only the first 5 hex
         * characters of the password's SHA-1 leave the service, and {@code Add-Padding} hides how many
         * suffixes came back). A password that appears in it is refused.
         */
        interface BreachCheck {
            @WithDefault("true")
            boolean enabled();

            /** The API's address; {@code GET {base-url}/range/{prefix}}. A mirror or a local copy works too. */
            @WithDefault("https://api.pwnedpasswords.com")
            String baseUrl();

            /** Upper bound of one look-up, connection included; beyond it the API counts as unavailable. */
            @WithDefault("2S")
            Duration timeout();

            /**
             * What a password is when the API cannot be asked (timeout, error status, unreadable answer):
             * {@code allow} (fail open: the other rules still apply; logged and counted in
             * accounts_password_breach_checks_total{outcome="unavailable"}) or {@code reject} (fail
             * closed: the request gets 503 and the person tries again later).
             */
            @WithDefault("allow")
            OnUnavailable onUnavailable();

            /** Range answers kept, by prefix, so that a burst of the same prefix asks once. */
            @WithDefault("1000")
            int cacheSize();

            @WithDefault("1H")
            Duration cacheTtl();

            enum OnUnavailable {
                ALLOW, REJECT
            }
        }

        /** argon2id parameters; the defaults are OWASP's (m=19 MiB, t=2, p=1). */
        interface Argon2 {
            @WithDefault("19456")
            int memoryKib();

            @WithDefault("2")
            int iterations();

            @WithDefault("1")
            int parallelism();
        }
    }

    interface RegistrationSettings {
        /** How long an activation link stays valid. */
        @WithDefault("24H")
        Duration activationTokenTtl();

        /** At most one "already registered" notice per address within this period. */
        @WithDefault("1H")
        Duration alreadyRegisteredNoticeInterval();

        /** Activation link; {token} is replaced by the URL-safe token. */
        @WithDefault("${accounts.public-base-url}/activate?token={token}")
        String activationLinkTemplate();

        /**
         * At most one activation mail per address within this period (a mail-bombing guard): a request
         * within it gets the same 202, and the mail already sent stays valid. 0 turns the guard off.
         */
        @WithDefault("2M")
        Duration activationMailInterval();

        /** As {@code accounts.password-reset.min-response-time}, for requests of a new activation mail. */
        @WithDefault("250ms")
        Duration activationRequestMinResponseTime();
    }

    interface Mail {
        /** How often the outbox sender looks for mail that is due. */
        @WithDefault("5s")
        String pollInterval();

        @WithDefault("20")
        int batchSize();

        /** Delay before the first retry after a failed send; doubles with every failure. */
        @WithDefault("30s")
        Duration retryInitialDelay();

        @WithDefault("15m")
        Duration retryMaxDelay();

        /**
         * Failed sends after which a mail is given up (dead, payload erased): a mail the server refuses
         * for good is not retried forever. With the default delays, 300 tries span more than three days.
         */
        @WithDefault("300")
        int maxAttempts();

        /**
         * Age after which an unsent mail is given up (dead, payload erased), whatever its attempts: after an
         * SMTP outage longer than this, "your account is locked" news is stale. Mail with a token is given
         * up earlier, when the token expires (activation 24 h, reset 30 min).
         */
        @WithDefault("3D")
        Duration maxAge();

        @WithDefault("accounts service")
        String productName();
    }

    /**
     * Refresh tokens. Access tokens are configured by the standard smallrye-jwt names:
     * {@code smallrye.jwt.new-token.lifespan}, {@code .issuer}, {@code .audience}, {@code smallrye.jwt.sign.key.location}.
     */
    interface Auth {
        /** Lifetime of each refresh token; every rotation issues a new one with a full lifetime. */
        @WithDefault("30D")
        Duration refreshTokenTtl();

        /**
         * How long after its rotation a refresh token may still be presented (and yield a new pair)
         * without counting as reuse, so that two concurrent refreshes from one client both succeed.
         * 0 makes every second use a reuse, which revokes the token's family.
         */
        @WithDefault("0S")
        Duration refreshTokenReuseInterval();

        /**
         * Absolute lifetime of a session (refresh family), counted from the password login (auth_time),
         * whatever its refreshes: NIST SP 800-63B-4 AAL1 asks for reauthentication at least every 30 days.
         * No refresh token of the session outlives it.
         */
        @WithDefault("30D")
        Duration sessionMaxLifetime();

        /**
         * Live sessions one user may hold; a new login beyond it ends the oldest ones (a stolen password
         * cannot pile up sessions unnoticed, and the list stays readable).
         */
        @WithDefault("20")
        int maxSessionsPerUser();
    }

    interface PasswordResetSettings {
        /** How long a reset link stays valid. */
        @WithDefault("30M")
        Duration tokenTtl();

        /**
         * At most one reset mail per address within this period (a mail-bombing guard): a request within it
         * gets the same 202, and the link already sent stays valid. 0 turns the guard off.
         */
        @WithDefault("2M")
        Duration mailInterval();

        /** Reset link; {token} is replaced by the URL-safe token. */
        @WithDefault("${accounts.public-base-url}/reset-password?token={token}")
        String linkTemplate();

        /**
         * Where a person asks for a reset link (no token): named in the "your password was changed" notice,
         * for the owner whose password someone else changed. By default the service's own reset page.
         */
        @WithDefault("${accounts.public-base-url}/reset-password")
        String requestPageUrl();

        /**
         * A reset request is answered no sooner than this after it arrived, whether or not the address has
         * an account: writing the token and the mail takes longer than finding nothing, and the difference
         * would tell which addresses have accounts. Above the time the work takes under load.
         */
        @WithDefault("250ms")
        Duration minResponseTime();
    }

    /**
     * Brute force on one account: after {@code threshold} consecutive failed logins it is locked for
     * {@code initial-duration}, doubling with every further failure after a lock ends, up to
     * {@code max-duration}: per client (IPv4 address or IPv6 /64, table login_failures), and account-wide
     * only at {@code account-threshold} (users). Kept in the database, so it holds on every replica.
     */
    interface Lockout {
        @WithDefault("5")
        int threshold();

        @WithDefault("1M")
        Duration initialDuration();

        @WithDefault("1H")
        Duration maxDuration();

        /**
         * Failures from all clients together that lock the account everywhere (NIST SP 800-63B allows up
         * to 100): high, so that nobody locks a person out by failing from a few addresses.
         */
        @WithDefault("100")
        int accountThreshold();

        /** A failure this long after the previous one (or after the end of its lock) counts from 1 again. */
        @WithDefault("1H")
        Duration decay();

        /**
         * At most one lock mail per account within this period, however many locks start (from many
         * clients, each lock is per client): a lock-mail flood must not bury the owner's inbox. The link of
         * the mail already sent still lifts every lock. 0 turns the guard off.
         */
        @WithDefault("1H")
        Duration mailCooldown();

        /** The lock mail's single-use "unlock" link; {token} is replaced by the URL-safe token. */
        @WithDefault("${accounts.public-base-url}/unlock?token={token}")
        String unlockLinkTemplate();

        /** How long the unlock link works. */
        @WithDefault("24H")
        Duration unlockLinkTtl();
    }

    /**
     * Requests per minute a client address may make to the endpoints that cost argon2 work or send mail;
     * beyond it: 429 with Retry-After. Counted in memory per replica.
     */
    interface Throttle {
        @WithDefault("30")
        int loginPerMinute();

        @WithDefault("10")
        int registrationPerMinute();

        @WithDefault("10")
        int activationRequestPerMinute();

        @WithDefault("10")
        int passwordResetRequestPerMinute();

        /** Client addresses remembered per endpoint; the least recently seen are forgotten first. */
        @WithDefault("100000")
        int maxClients();

        /**
         * Reverse proxies in front of the service that append to X-Forwarded-For (an ingress: 1; a CDN
         * and an ingress: 2). The client is the entry that many places from the right, the one the
         * outermost trusted proxy wrote; entries further left are whatever the client sent, and never
         * count. 0 (the default): X-Forwarded-For is ignored and the client is the connection's peer.
         */
        @WithDefault("0")
        int trustedProxyHops();

        /**
         * Where the buckets live: {@code database} (the default), in PostgreSQL (table throttle_buckets,
         * bucket4j's PostgreSQL backend), so that every replica counts against the same limit; or
         * {@code memory}, per replica (n replicas allow n times the limits), for a single instance.
         */
        @WithDefault("database")
        Backend backend();

        enum Backend {
            DATABASE, MEMORY
        }
    }

    /** The browser pages the mail links open by default ({@code /activate}, {@code /reset-password}). */
    interface PagesSettings {
        /** Name shown in the pages' titles and headings. */
        @WithDefault("${accounts.mail.product-name}")
        @NotBlank
        String productName();

        /**
         * Colour of the buttons and the top bar, as {@code #rgb} or {@code #rrggbb}. Validated because it
         * goes into the stylesheet; the text on it is black or white, whichever contrasts more.
         */
        @WithDefault("#1d4ed8")
        @Pattern(regexp = "#(?:[0-9a-fA-F]{3}){1,2}", message = "must be a hex colour such as #1d4ed8")
        String accentColour();
    }

    /**
     * The first administrator, made at start-up when no account has the admin role yet (once, across
     * replicas). Both or neither.
     */
    interface BootstrapAdmin {
        Optional<String> email();

        Optional<String> password();
    }

    /** The audit log. */
    interface Audit {
        /**
         * Base64 of at least 32 random bytes (a Secret in production, which refuses to start without it):
         * the deletion's audit event keeps HMAC-SHA256(key, account id) of the erased account, so that
         * whoever holds the key and an id can tell that, and when, that account was erased, and nobody else
         * can link the event to a person.
         */
        Optional<String> erasureKey();
    }

    /** Readiness: how the database check behaves. */
    interface Health {
        /** Upper bound of one check (whole seconds, at least 1: the driver counts in seconds). */
        @WithDefault("2S")
        Duration databaseTimeout();

        /**
         * Probes arriving within this interval of the last check get its answer: the endpoint is public,
         * and each request must not cost a database connection.
         */
        @WithDefault("1S")
        Duration databaseMinInterval();
    }
}
