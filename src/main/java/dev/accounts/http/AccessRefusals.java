package dev.accounts.http;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refusals of access are security events (ASVS 16.3.2): every 401 and 403 of a bearer-protected endpoint
 * ({@code /api/v1/users/me*}, {@code /api/v1/admin/**}, {@code /api/v1/auth/mfa/step-up}) and every 403 of a
 * page (a form whose CSRF value did not verify) is counted in {@code accounts_access_refused_total{area,status}},
 * and the first of each client (IPv4 address or IPv6 /64), area and status in a minute is logged (method,
 * path, status, client; never a header, a token or a query string) and fired as an {@link AccessRefused}
 * event, which audit/ records. A flood of refusals thus costs one log line and one audit row a client and
 * minute, and the metric still counts every one. Login, refresh and MFA verification are not counted here:
 * they audit their own failures (LOGIN_FAILED, ...).
 *
 * <p>On the router, so that refusals made before any resource runs (a missing or forged token) are seen
 * too; the check happens when the response's headers go out.
 */
@ApplicationScoped
public class AccessRefusals {

    private static final Logger LOG = Logger.getLogger(AccessRefusals.class);
    /** Right after the request id (whose MDC value the log line then carries). */
    private static final int ORDER = Integer.MIN_VALUE + 1;

    /** Where a refusal happened, for the metric and the audit event. */
    public enum Area {
        API("api"), PAGE("page");

        public final String label;

        Area(String label) {
            this.label = label;
        }
    }

    /** A refusal worth an audit event (the first of its client, area and status in a minute). */
    public record AccessRefused(Area area, int status, String method, String path, ClientInfo client) {
    }

    @Inject
    MeterRegistry metrics;

    @Inject
    Event<AccessRefused> refusals;

    private final Cache<String, Boolean> reported = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .build();

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::watch);
    }

    static Area areaOf(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/api/v1/users/me") || path.startsWith("/api/v1/users/me/") || path.startsWith("/api/v1/admin/")
                || path.equals("/api/v1/auth/mfa/step-up")) {
            return Area.API;
        }
        if (path.equals("/activate") || path.startsWith("/activate/") || path.equals("/reset-password")
                || path.startsWith("/reset-password/")) {
            return Area.PAGE;
        }
        return null;
    }

    private void watch(RoutingContext rc) {
        String path = rc.normalizedPath();
        Area area = areaOf(path);
        if (area != null) {
            rc.addHeadersEndHandler(ignored -> {
                int status = rc.response().getStatusCode();
                if (status == 403 || (status == 401 && area == Area.API)) {
                    refused(area, status, rc, path);
                }
            });
        }
        rc.next();
    }

    private void refused(Area area, int status, RoutingContext rc, String path) {
        metrics.counter("accounts.access.refused", "area", area.label, "status", String.valueOf(status)).increment();
        ClientInfo client = ClientInfo.of(rc.request());
        String key = area + " " + status + " " + client.clientKey();
        if (reported.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        String method = rc.request().method().name();
        // The path only: the query string of a page carries the mail's token.
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        LOG.warnf("access refused: %d %s %s from client %s (%s; further refusals of this client within a minute are "
                + "only counted in accounts_access_refused_total)", status, method, shown, client.clientKey(),
                area == Area.PAGE ? "form not verified (CSRF)" : status == 401 ? "no valid access token" : "not allowed");
        refusals.fire(new AccessRefused(area, status, method, shown, client));
    }
}
