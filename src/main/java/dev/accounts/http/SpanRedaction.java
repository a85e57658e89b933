package dev.accounts.http;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps personal data and secrets out of trace spans. The HTTP instrumentation records the query string
 * (the mail links carry their token there: /activate?token=...), the client's address and its user
 * agent; this overwrites those attributes as each span starts, before any exporter sees it. The
 * database spans carry the SQL with its ? placeholders, never the bound values, and request bodies are
 * never recorded. Quarkus registers every SpanProcessor bean with the SDK.
 */
@ApplicationScoped
public class SpanRedaction implements SpanProcessor {

    static final String REDACTED = "redacted";

    /** Current semantic conventions and the older names some instrumentations still write. */
    static final List<AttributeKey<String>> ATTRIBUTES = List.of(
            AttributeKey.stringKey("url.query"), AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"),
            AttributeKey.stringKey("client.address"), AttributeKey.stringKey("network.peer.address"),
            AttributeKey.stringKey("http.client_ip"), AttributeKey.stringKey("net.sock.peer.addr"),
            AttributeKey.stringKey("user_agent.original"), AttributeKey.stringKey("http.user_agent"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : ATTRIBUTES) {
            if (span.getAttribute(key) != null) {
                span.setAttribute(key, REDACTED);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
