package dev.accounts.security.argon2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

import dev.accounts.security.PasswordHashFormats;

class Argon2EngineTest {

    @Test
    void argon2idTestVectorOfRfc9106() {
        // RFC 9106, section 5.3: m=32 KiB, t=3, p=4, with secret and associated data.
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(32).withIterations(3)
                .withParallelism(4).withSalt(filled(16, 0x02)).withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04)).build();
        Argon2Engine engine = new Argon2Engine(32);
        for (int round = 0; round < 2; round++) { // the second time on the memory kept from the first
            byte[] tag = new byte[32];
            engine.init(parameters);
            engine.generateBytes(filled(32, 0x01), tag);
            assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
                    HexFormat.of().formatHex(tag));
        }
    }

    @Test
    void oneEngineGivesBouncyCastlesResultsWhateverItHashedBefore() {
        // One engine through many sizes, types and versions, in an order that makes it reuse, grow past
        // and come back to its kept memory: each result equals a fresh Bouncy Castle generator's.
        Random random = new Random(20261124);
        Argon2Engine engine = new Argon2Engine(1024);
        int[] types = { Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_i, Argon2Parameters.ARGON2_d };
        for (int i = 0; i < 60; i++) {
            int lanes = 1 + random.nextInt(4);
            int memory = i % 3 == 0 ? 1024 : 8 * lanes + random.nextInt(2048);
            Argon2Parameters parameters = new Argon2Parameters.Builder(types[random.nextInt(3)])
                    .withVersion(random.nextBoolean() ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10)
                    .withMemoryAsKB(memory).withIterations(1 + random.nextInt(3)).withParallelism(lanes)
                    .withSalt(randomBytes(random, 8 + random.nextInt(24))).build();
            byte[] password = randomBytes(random, random.nextInt(40));
            int length = 4 + random.nextInt(60);

            byte[] expected = new byte[length];
            Argon2BytesGenerator reference = new Argon2BytesGenerator();
            reference.init(parameters);
            reference.generateBytes(password, expected);

            byte[] actual = new byte[length];
            engine.init(parameters);
            engine.generateBytes(password, actual);
            assertArrayEquals(expected, actual, "case " + i + ": " + memory + " KiB, " + lanes + " lanes");
        }
    }

    @Test
    void aKeptMemoryMeansAHashAllocatesAlmostNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        int memoryKib = 19456;
        Argon2Engine kept = new Argon2Engine(memoryKib);
        hash(kept, memoryKib); // the first hash allocates the blocks, once

        long before = threads.getThreadAllocatedBytes(threadId);
        hash(kept, memoryKib);
        long withKeptMemory = threads.getThreadAllocatedBytes(threadId) - before;

        before = threads.getThreadAllocatedBytes(threadId);
        hash(Argon2Engine.oneShot(), memoryKib);
        long oneShot = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(oneShot > memoryKib * 1024L, "a one-shot hash allocates its m KiB: " + oneShot);
        assertTrue(withKeptMemory < 64 * 1024, "a hash on kept memory allocated " + withKeptMemory + " bytes");
    }

    @Test
    void phcStringsOfThisServiceAndOfPassword4jReadEachOther() {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        String ours = Argon2Phc.argon2id("correct horse ✓", 64, 2, 1, salt, 32, Argon2Engine.oneShot()).format();
        assertTrue(ours.startsWith("$argon2id$v=19$m=64,t=2,p=1$c2l4dGVlbiBieXRlIHNsdA$"), ours);
        Argon2Function password4j = Argon2Function.getInstance(64, 2, 1, 32, Argon2.ID, 19);
        assertTrue(password4j.check("correct horse ✓", ours));
        assertFalse(password4j.check("correct horse ✗", ours));

        String theirs = password4j.hash("correct horse ✓", "another salt 123").getResult();
        Argon2Phc parsed = Argon2Phc.parse(theirs).orElseThrow();
        assertTrue(parsed.matches("correct horse ✓", Argon2Engine.oneShot()));
        assertFalse(parsed.matches("correct horse", Argon2Engine.oneShot()));
        assertEquals(theirs, parsed.format());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$x",                       // hash too short
            "$argon2id$v=19$m=2097152,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", // 2 GiB
            "$argon2id$v=19$m=65536,t=1000,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", // 1,000 passes
            "$argon2id$v=19$m=64,t=1,p=9$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",      // fewer than 8 KiB a lane
            "$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",      // no such version
            "$argon2id$v=19$m=64,t=1,p=1$c2Fsd$YC9+jJCrQhs5R6db7LlN8Q",            // salt under 8 bytes
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$YC9+jJCr*hs5R6db7LlN8Q",      // not base64
            "$argon2x$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q$extra",
            "" })
    void unreadableOrTooCostlyHashesAreRefused(String phc) {
        assertEquals(Optional.empty(), Argon2Phc.parse(phc));
        assertEquals(Optional.empty(), PasswordHashFormats.formatOf(phc));
        assertFalse(PasswordHashFormats.verify("secret", phc));
    }

    @Test
    void aHashNeverAppearsInItsTextForm() {
        Argon2Phc hash = Argon2Phc.argon2id("pw", 16, 1, 1, new byte[16], 32, Argon2Engine.oneShot());
        String encoded = hash.format();
        assertFalse(hash.toString().contains(encoded.substring(encoded.lastIndexOf('$') + 1)));
    }

    private static void hash(Argon2Engine engine, int memoryKib) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(1)
                .withParallelism(1).withSalt(new byte[16]).build();
        engine.init(parameters);
        engine.generateBytes("password".getBytes(StandardCharsets.UTF_8), new byte[32]);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
