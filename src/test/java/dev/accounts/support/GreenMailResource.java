package dev.accounts.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) in the test JVM, on a free port the mailer is pointed at. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private Smtp smtp;

    @Override
    public Map<String, String> start() {
        int port = freePort();
        smtp = new Smtp(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port));
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(smtp, new TestInjector.AnnotatedAndMatchesType(InjectSmtp.class, Smtp.class));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The running SMTP server; it can be stopped and started again to play an outage. */
    public static final class Smtp {

        private final ServerSetup setup;
        private GreenMail server;

        Smtp(ServerSetup setup) {
            this.setup = setup;
        }

        public synchronized void start() {
            server = new GreenMail(setup);
            server.start();
        }

        public synchronized void stop() {
            server.stop();
        }

        public synchronized GreenMail server() {
            return server;
        }
    }
}
