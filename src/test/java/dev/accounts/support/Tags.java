package dev.accounts.support;

/**
 * JUnit tags of the tests a development loop may leave out; {@code ./mvnw verify} runs them all. Fast
 * loop: {@code ./mvnw test -DexcludedGroups=timing,fuzz,browser,ops} (README, "Tests").
 */
public final class Tags {

    /** Measures response times or waits out throttling windows: slow, and sensitive to a loaded machine. */
    public static final String TIMING = "timing";
    /** Drives Chromium. */
    public static final String BROWSER = "browser";
    /** Generated hostile input for every endpoint (jqwik): minutes. */
    public static final String FUZZ = "fuzz";
    /** Operations: processes of the packaged application, database outages, manifests. */
    public static final String OPS = "ops";

    private Tags() {
    }
}
