package dev.accounts.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a {@link TcpProxy} between the application and the test database, so that a test can play a
 * database outage without stopping the PostgreSQL server other test runs share. Without a configured
 * JDBC URL (Dev Services) there is nothing to proxy and the injected proxy is null.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        if (!TestDatabase.configured()) {
            return Map.of();
        }
        URI server = TestDatabase.server();
        try {
            proxy = new TcpProxy(server.getHost(), server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url",
                TestDatabase.url("127.0.0.1", proxy.port(), TestDatabase.databaseName()));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            try {
                proxy.close();
            } catch (IOException ignored) {
                // The test run is over; nothing depends on a clean close.
            }
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(InjectDatabaseProxy.class, TcpProxy.class));
    }
}
