package dev.accounts.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.accounts.security.SigningKeys;
import dev.accounts.session.Sessions;
import dev.accounts.user.User;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Issues the JWT access tokens: {@code sub} the user id, {@code email}, {@code groups} the roles, {@code iss},
 * {@code aud}, {@code jti}, {@code iat}, {@code exp}, the session's {@code sid}, {@code auth_time} and {@code amr}
 * (RFC 9068, OpenID Connect), and in the header the signing key's {@code kid} and {@code typ} {@code at+jwt}
 * (RFC 9068 2.1: a resource server can tell an access token from an ID token or any other JWT of ours).
 *
 * <p>Created at start-up, so that a missing or mismatched key stops the service before it takes traffic
 * (the production profile has no key unless one is configured; dev and test get the pair Quarkus
 * generates). The start-up check signs a token and verifies it the way bearer requests are verified.
 */
@Startup
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    @Inject
    Config config;

    @Inject
    JWTParser parser;

    @Inject
    Clock clock;

    @ConfigProperty(name = "smallrye.jwt.new-token.lifespan", defaultValue = "300")
    long lifespanSeconds;

    @ConfigProperty(name = "smallrye.jwt.new-token.issuer")
    String issuer;

    @ConfigProperty(name = "smallrye.jwt.new-token.audience")
    String audience;

    @ConfigProperty(name = "smallrye.jwt.new-token.signature-algorithm", defaultValue = "RS256")
    String algorithm;

    private SigningKeys keys;

    @PostConstruct
    void init() {
        Map<String, Optional<String>> settings = new HashMap<>();
        for (String name : new String[] { "smallrye.jwt.sign.key.location", "smallrye.jwt.sign.key",
                "smallrye.jwt.sign.key.id", "mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey" }) {
            settings.put(name, config.getOptionalValue(name, String.class));
        }
        keys = SigningKeys.load(settings, SignatureAlgorithm.fromAlgorithm(algorithm));
        checkRoundTrip();
        LOG.infof("access tokens signed with kid %s (%s), valid %d s", keys.keyId(), keys.algorithm(), lifespanSeconds);
    }

    /** A signed access token for the user, valid from now for the configured lifespan. */
    public Issued issue(User user, Sessions.SessionClaims session) {
        Instant now = clock.instant();
        return new Issued(sign(user.id, user.email, user.roles, session, now), lifespanSeconds);
    }

    /** As {@link #issue(User, Sessions.SessionClaims)}, from what a one-statement refresh returned. */
    public Issued issue(UUID userId, String email, Set<String> roles, Sessions.SessionClaims session) {
        return new Issued(sign(userId, email, roles, session, clock.instant()), lifespanSeconds);
    }

    /** The JWKS document published at {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        return keys.jwks();
    }

    private String sign(UUID userId, String email, Set<String> roles, Sessions.SessionClaims session, Instant now) {
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(userId.toString())
                .claim("email", email)
                .groups(roles)
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", session.sessionId().toString())
                .claim("auth_time", session.authTime().getEpochSecond())
                .claim("amr", session.methods())
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofSeconds(lifespanSeconds)))
                .jws()
                .header("typ", "at+jwt")
                .algorithm(keys.algorithm())
                .keyId(keys.keyId())
                .sign(keys.signingKey());
    }

    private void checkRoundTrip() {
        Instant now = clock.instant();
        String probe = sign(UUID.randomUUID(), "start-up-check@invalid", Set.of(),
                new Sessions.SessionClaims(UUID.randomUUID(), now, List.of("pwd")), now);
        try {
            parser.parse(probe);
        } catch (ParseException e) {
            throw new IllegalStateException("Access tokens signed with the configured key do not verify with the "
                    + "configured verification keys: check that mp.jwt.verify.issuer and mp.jwt.verify.audiences match "
                    + "smallrye.jwt.new-token.issuer and .audience, and that a JWKS names the signing key with the kid "
                    + keys.keyId() + ".", e);
        }
    }

    /** An access token and its lifetime in seconds. */
    public record Issued(String token, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Issued[redacted]";
        }
    }
}
