package dev.accounts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The import read its input with BufferedReader.readLine and checked a line's length afterwards: a
 * line of a gigabyte was built whole in the heap first (and the service runs with -Xmx320m and
 * exit-on-OOM). NdjsonLines holds at most its bound of a line.
 */
class NdjsonLinesTest {

    private static final long GIB = 1L << 30;

    @Test
    void aGigabyteLineIsReportedAndSkippedWithoutEverBeingHeld() throws Exception {
        InputStream input = new SequenceInputStream(new Filler(GIB),
                new ByteArrayInputStream("\n{\"email\":\"after@example.com\"}\r\nlast".getBytes(StandardCharsets.UTF_8)));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        NdjsonLines lines = new NdjsonLines(input, 16 * 1024);
        assertEquals(new NdjsonLines.TooLong(1), lines.next());
        assertEquals(new NdjsonLines.Text(2, "{\"email\":\"after@example.com\"}"), lines.next());
        assertEquals(new NdjsonLines.Text(3, "last"), lines.next());
        assertNull(lines.next());

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4L << 20, "reading a 1 GiB line allocated " + allocated + " bytes");
    }

    @Test
    void linesUpToTheBoundAreReadWholeAndUtf8IsDecoded() throws Exception {
        String exact = "é".repeat(8);
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(("\n" + exact + "\n" + exact + "x\n")
                .getBytes(StandardCharsets.UTF_8)), 16);
        assertEquals(new NdjsonLines.Text(1, ""), lines.next());
        assertEquals(new NdjsonLines.Text(2, exact), lines.next());
        assertEquals(new NdjsonLines.TooLong(3), lines.next());
        assertNull(lines.next());
    }

    /** {@code size} bytes of 'x', made as they are read: the test itself holds none of them. */
    private static final class Filler extends InputStream {
        private long remaining;

        Filler(long size) {
            remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + n, (byte) 'x');
            remaining -= n;
            return n;
        }
    }
}
