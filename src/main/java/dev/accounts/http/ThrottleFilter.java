package dev.accounts.http;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.accounts.problem.ProblemType;
import dev.accounts.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Answers 429 with Retry-After when a client address is over the limit of a {@link Throttled} endpoint,
 * before the body is validated or any password is hashed. The client is {@link ClientInfo#clientKey()}: an
 * IPv4 address or an IPv6 /64, taken from the peer or from X-Forwarded-For by the configured number of
 * trusted proxy hops from the right, so that neither a forged left-most entry nor a fresh address of one's
 * own /64 buys a fresh bucket. Every answer of a throttled endpoint carries the
 * RateLimit-Limit, -Remaining and -Reset headers (IETF draft httpapi-ratelimit-headers).
 */
public class ThrottleFilter {

    private static final String DECISION = ThrottleFilter.class.getName() + ".decision";

    @Inject
    ClientThrottle throttle;

    /** Observed by the audit trail, which infrastructure below it must not call. */
    @Inject
    Event<ClientThrottled> throttledClients;

    @Inject
    MeterRegistry metrics;

    /** One audit event per address and endpoint per minute of refusals: a flood must not become one of rows. */
    private final Cache<String, Boolean> audited = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .build();

    @ServerRequestFilter
    public Response throttle(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        Throttled throttled = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Throttled.class);
        if (throttled == null) {
            return null;
        }
        ClientInfo client = ClientInfo.of(http);
        ClientThrottle.Decision decision = throttle.acquire(throttled.value(), client.clientKey());
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        metrics.counter("accounts.throttled.requests", "endpoint", throttled.value().label()).increment();
        if (audited.asMap().putIfAbsent(throttled.value() + " " + client.clientKey(), Boolean.TRUE) == null) {
            throttledClients.fire(new ClientThrottled(throttled.value(), throttle.limit(throttled.value()), client));
        }
        return Response.fromResponse(Problems.response(ProblemType.TOO_MANY_REQUESTS,
                        "Too many requests from your address; retry after " + decision.retryAfterSeconds() + " s.",
                        request.getUriInfo(), List.of()))
                .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds())
                .build();
    }

    @ServerResponseFilter
    public void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof ClientThrottle.Decision decision) {
            response.getHeaders().putSingle("RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", decision.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", decision.resetSeconds());
        }
    }

    /**
     * A client address went over an endpoint's limit: fired at most once an address, endpoint and minute,
     * so that a flood does not become one of events. Observers run on the caller's thread, which may be
     * the event loop: they must not block.
     */
    public record ClientThrottled(Throttled.Endpoint endpoint, int limitPerMinute, ClientInfo client) {
    }
}
