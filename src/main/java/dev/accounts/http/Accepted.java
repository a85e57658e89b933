package dev.accounts.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to requests that must not reveal whether an address has an account: the same body for
 * every address. Registered for reflection: it is returned inside a {@code Response}, which hides it
 * from the native image's analysis.
 */
@RegisterForReflection
@Schema(name = "Accepted")
public record Accepted(@Schema(example = "If the address can receive it, a mail is on its way.", maxLength = 200) String message) {

    public static final Accepted MAIL_ON_ITS_WAY = new Accepted("If the address can receive it, a mail is on its way.");
}
