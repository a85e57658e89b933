package dev.accounts.openapi;

/** Bounds of values whose types are not ours, for the records' {@code @Schema} annotations. */
public final class ApiBounds {

    /** An ISO-8601 timestamp with nanoseconds and an offset, as Jackson writes an Instant. */
    public static final int TIMESTAMP_LENGTH = 35;
    public static final int UUID_LENGTH = 36;

    private ApiBounds() {
    }
}
