package dev.accounts.session;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller's live sessions, newest first; at most accounts.auth.max-sessions-per-user of them. */
@Schema(name = "SessionList")
public record SessionList(@Schema(maxItems = 1000) List<SessionView> items) {
}
