package dev.accounts.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured pointed at the management interface (health, metrics), which listens on a port of its
 * own, random in tests. A {@code @QuarkusTest} runs the application in this JVM, whose configuration
 * holds the port it bound; a {@code @QuarkusIntegrationTest} runs the packaged application as a
 * process (with QUARKUS_MANAGEMENT_PORT=0 from the failsafe configuration), whose log names it.
 */
public final class Management {

    private static final Pattern LISTENING = Pattern.compile("Management interface listening on https?://[^:\\s]+:(\\d+)");
    /** Where @QuarkusIntegrationTest has the packaged application log (quarkus.log.file.path). */
    private static final Path INTEGRATION_TEST_LOG = Path.of("target", "quarkus-test.log");

    private Management() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().baseUri("http://localhost").port(port());
    }

    public static int port() {
        Optional<Integer> configured = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class);
        if (configured.isPresent() && configured.get() > 0) {
            return configured.get();
        }
        return portFromLog(INTEGRATION_TEST_LOG)
                .orElseThrow(() -> new IllegalStateException("management port unknown: not in the configuration, nor in "
                        + INTEGRATION_TEST_LOG));
    }

    /** The port the last start written to this log bound its management interface to. */
    public static Optional<Integer> portFromLog(Path log) {
        try {
            if (!Files.exists(log)) {
                return Optional.empty();
            }
            Matcher matcher = LISTENING.matcher(Files.readString(log));
            Integer port = null;
            while (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
            }
            return Optional.ofNullable(port);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
