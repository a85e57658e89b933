package dev.accounts.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The resource method counts against its endpoint's per-client limit ({@link ClientThrottle}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Throttled {

    Endpoint value();

    /** The throttled endpoints; each has a limit of its own under {@code accounts.throttle.*}. */
    enum Endpoint {
        LOGIN("login"),
        REGISTRATION("registration"),
        ACTIVATION_REQUEST("activation_request"),
        PASSWORD_RESET_REQUEST("password_reset_request");

        private final String label;

        Endpoint(String label) {
            this.label = label;
        }

        /** Metric label and audit detail. */
        public String label() {
            return label;
        }
    }
}
