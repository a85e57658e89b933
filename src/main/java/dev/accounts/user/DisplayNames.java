package dev.accounts.user;

import java.text.Normalizer;
import java.util.Optional;

/** Display names: NFKC, trimmed, inner runs of white space folded, no control characters, 1 to 100 characters. */
public final class DisplayNames {

    public static final int MAX_LENGTH = 100;
    public static final String RULE = "must be 1 to " + MAX_LENGTH + " characters without control characters";

    private DisplayNames() {
    }

    /** The cleaned name; empty when absent, blank or not acceptable. */
    public static Optional<String> clean(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String name = Normalizer.normalize(input, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
        boolean hasControl = name.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT && c != 0x200D);
        if (name.isEmpty() || hasControl || name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
