package dev.accounts.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an NDJSON stream, each read into a buffer of at most {@code maxBytes}: a longer line is
 * reported as {@link TooLong} and its remaining bytes are skipped as they stream by, so that a line of a
 * gigabyte never reaches the heap (a {@code BufferedReader.readLine} would build it whole before anyone
 * could check its length). Lines end at LF; a CR before it is dropped; UTF-8, with malformed bytes
 * replaced, as {@code InputStreamReader} does.
 */
final class NdjsonLines {

    /** One line: its text, or the fact that it was too long. Numbers count from 1. */
    sealed interface Line {
        long number();
    }

    record Text(long number, String text) implements Line {
    }

    record TooLong(long number) implements Line {
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] line;
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    NdjsonLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes];
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        if (ended) {
            return null;
        }
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                ended = true;
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            int count = end - start;
            if (!tooLong) {
                if (length + count > maxBytes) {
                    tooLong = true;
                } else {
                    System.arraycopy(chunk, start, line, length, count);
                    length += count;
                }
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        number++;
        if (tooLong) {
            return new TooLong(number);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Text(number, new String(line, 0, length, StandardCharsets.UTF_8));
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk, 0, CHUNK);
        while (read == 0) {
            read = in.read(chunk, 0, CHUNK);
        }
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    int maxBytes() {
        return maxBytes;
    }
}
