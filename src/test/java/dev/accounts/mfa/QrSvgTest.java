package dev.accounts.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;

/**
 * The enrolment's QR code really encodes the otpauth:// URI: the SVG's path is read back into a module
 * matrix and decoded by an independent implementation (ZXing), so a wrong rendering (an offset, a run one
 * module short, a transposed row) fails here rather than in a user's camera.
 */
class QrSvgTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern PATH = Pattern.compile("<path d=\"([^\"]*)\" fill=\"#000000\"/>");
    private static final Pattern RUN = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void theSvgDecodesToTheUri() throws Exception {
        String uri = "otpauth://totp/Accounts%20service:someone%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                + "&issuer=Accounts%20service&algorithm=SHA1&digits=6&period=30";
        assertEquals(uri, decode(QrSvg.of(uri).orElseThrow()));
    }

    @Test
    void aLongAddressStillFitsAndDecodes() throws Exception {
        String uri = "otpauth://totp/Accounts:" + "a".repeat(64) + "%40" + "b".repeat(180) + ".example?secret="
                + "A".repeat(32) + "&issuer=Accounts&algorithm=SHA1&digits=6&period=30";
        String svg = QrSvg.of(uri).orElseThrow();
        assertTrue(svg.length() <= QrSvg.MAX_LENGTH, svg.length() + " characters");
        assertEquals(uri, decode(svg));
    }

    @Test
    void theSvgIsOnePathOnAWhiteSquareWithAQuietZone() {
        String svg = QrSvg.of("otpauth://totp/x:y?secret=ABC").orElseThrow();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertEquals(1, svg.split("<path ", -1).length - 1, "one path");
        assertFalse(svg.contains("<script") || svg.contains("href"), "nothing active in it");
        Matcher runs = RUN.matcher(pathOf(svg));
        int dimension = dimensionOf(svg);
        while (runs.find()) {
            int x = Integer.parseInt(runs.group(1));
            int y = Integer.parseInt(runs.group(2));
            int width = Integer.parseInt(runs.group(3));
            assertTrue(x >= QrSvg.BORDER && y >= QrSvg.BORDER && x + width <= dimension - QrSvg.BORDER
                    && y < dimension - QrSvg.BORDER, "a dark module in the quiet zone: " + runs.group());
        }
    }

    @Test
    void textTooLongForAnyQrVersionGivesNoSvg() {
        assertTrue(QrSvg.of("x".repeat(3000)).isEmpty());
    }

    /** The SVG's runs of dark modules, without the quiet zone, as ZXing's decoder reads a sampled symbol. */
    static String decode(String svg) throws Exception {
        int size = dimensionOf(svg) - 2 * QrSvg.BORDER;
        BitMatrix modules = new BitMatrix(size, size);
        String path = pathOf(svg);
        Matcher runs = RUN.matcher(path);
        int consumed = 0;
        while (runs.find()) {
            assertEquals(consumed, runs.start(), "nothing but runs in the path");
            assertEquals(runs.group(3), runs.group(4), "a run closes on itself");
            int x = Integer.parseInt(runs.group(1)) - QrSvg.BORDER;
            int y = Integer.parseInt(runs.group(2)) - QrSvg.BORDER;
            modules.setRegion(x, y, Integer.parseInt(runs.group(3)), 1);
            consumed = runs.end();
        }
        assertEquals(path.length(), consumed, "nothing but runs in the path");
        return new Decoder().decode(modules).getText();
    }

    private static int dimensionOf(String svg) {
        Matcher viewBox = VIEW_BOX.matcher(svg);
        assertTrue(viewBox.find(), svg);
        assertEquals(viewBox.group(1), viewBox.group(2), "square");
        return Integer.parseInt(viewBox.group(1));
    }

    private static String pathOf(String svg) {
        Matcher path = PATH.matcher(svg);
        assertTrue(path.find(), svg);
        return path.group(1);
    }
}
