package dev.accounts.http;

import dev.accounts.config.AccountsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Hands {@code accounts.throttle.trusted-proxy-hops} to {@link ClientInfo}, whose factory is static
 * (every resource calls it with the request), before the first request.
 */
@ApplicationScoped
public class ClientAddressSettings {

    @Inject
    AccountsConfig config;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        ClientInfo.trustProxyHops(config.throttle().trustedProxyHops());
    }
}
