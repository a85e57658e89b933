package dev.accounts.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.BeforeAll;

import io.restassured.RestAssured;

/**
 * Base of the tests that talk HTTP to the service: a failed expectation prints its request and response.
 * The integration tests (*IT) inherit it with the test class they run again against the packaged jar.
 */
public abstract class ApiTest {

    @BeforeAll
    static void logFailedExchanges() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * The JDK sets up its I/O poller when a virtual thread first blocks on a socket; two threads arriving
     * at once pin a carrier while one waits for the other's class initialization (sun.nio.ch.Poller).
     * That once-per-JVM event is not the code under test, but {@code @ShouldNotPin} would blame whichever
     * test came first: a virtual thread blocks on a socket here, alone, before any test.
     */
    @BeforeAll
    static void initializeTheVirtualThreadPoller() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setSoTimeout(1);
                socket.accept().close();
            } catch (SocketTimeoutException expected) {
                // Nobody connects: the wait was the point.
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).join();
    }
}
