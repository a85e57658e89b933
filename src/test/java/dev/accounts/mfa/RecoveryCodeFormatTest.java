package dev.accounts.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.accounts.security.Sha256;

/** The recovery codes' format: at least 112 bits (ASVS 5.0 6.5.2 for a plain hash), and how typed input is read. */
class RecoveryCodeFormatTest {

    private static final Pattern SHOWN = Pattern.compile("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}");

    @Test
    void aCodeIs24CharactersOfCrockfordBase32In6GroupsAnd120Bits() {
        assertEquals(32, RecoveryCodeFormat.ALPHABET.length());
        assertEquals(32, RecoveryCodeFormat.ALPHABET.chars().distinct().count());
        // 24 characters, each of 32 equally likely: 24 * log2(32) bits.
        double bits = RecoveryCodeFormat.LENGTH * (Math.log(RecoveryCodeFormat.ALPHABET.length()) / Math.log(2));
        assertEquals(120.0, bits, 1e-9);
        assertTrue(bits >= 112, "ASVS 5.0 6.5.2: below 112 bits a lookup secret needs a salted password hash");
        assertEquals(RecoveryCodeFormat.BITS, (int) bits);

        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Map<Character, Integer> counts = new HashMap<>();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            String code = RecoveryCodeFormat.generate(random);
            assertTrue(SHOWN.matcher(code).matches(), code);
            assertEquals(RecoveryCodeFormat.SHOWN_LENGTH, code.length());
            assertTrue(seen.add(code), "no repeat in " + n);
            for (char c : code.replace("-", "").toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        // Every character is drawn, about equally often (48,000 draws: 1,500 expected each; a bias of the
        // generator, e.g. a modulo over a wrong alphabet size, would leave characters out or far off).
        assertEquals(32, counts.size(), counts.toString());
        int expected = n * RecoveryCodeFormat.LENGTH / 32;
        counts.forEach((c, count) -> assertTrue(Math.abs(count - expected) < expected / 5, c + ": " + count));
    }

    @Test
    void typedInputIsReadInAnyCaseWithOrWithoutSeparatorsAndLookAlikes() {
        String shown = "7KQ2-M9XD-4T0B-ZRHP-1E6W-C3NY";
        String stored = RecoveryCodeFormat.hash(shown);
        assertEquals(Sha256.hex("7kq2m9xd4t0bzrhp1e6wc3ny"), stored);
        for (String typed : new String[] { "7kq2-m9xd-4t0b-zrhp-1e6w-c3ny", "7KQ2M9XD4T0BZRHP1E6WC3NY", " 7KQ2 M9XD 4T0B ZRHP 1E6W C3NY ",
                "7kq2-m9xd-4tOb-zrhp-Ie6w-c3ny", "7kq2-m9xd-4to b-zrhp-le6w-c3ny" }) {
            assertEquals(stored, RecoveryCodeFormat.hash(typed), typed);
        }
        assertTrue(!stored.equals(RecoveryCodeFormat.hash("7KQ2-M9XD-4T0B-ZRHP-1E6W-C3NZ")));
    }

    /** Codes issued before the 120-bit format were stored as the SHA-256 of their lower-case 16 characters. */
    @Test
    void theEarlierFormatHashesAsItWasStored() {
        String earlier = "abcd-efgh-jkmn-pqrs";
        assertEquals(Sha256.hex("abcdefghjkmnpqrs"), RecoveryCodeFormat.hash(earlier));
        assertEquals(Sha256.hex("uvwx2345yz6789ab"), RecoveryCodeFormat.hash("UVWX-2345-YZ67-89AB"));
    }
}
