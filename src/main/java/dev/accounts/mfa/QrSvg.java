package dev.accounts.mfa;

import java.util.Optional;

import io.nayuki.qrcodegen.QrCode;

/**
 * The otpauth:// URI as a QR code in SVG, for enrolment pages that show it without a QR library of their
 * own (and without sending the secret to a third-party QR service). The symbol comes from Nayuki's
 * qrcodegen (pure Java, no reflection, no AWT); the SVG is written here: a white square and one black
 * {@code <path>} of horizontal runs of dark modules, in module units, with the four-module quiet zone the
 * QR standard asks. Medium error correction (15 %): enough for a phone camera pointed at a screen.
 */
final class QrSvg {

    /** Modules of light margin on each side (ISO/IEC 18004: at least four). */
    static final int BORDER = 4;
    /**
     * The longest SVG this writes: a version-40 symbol (177 modules) whose rows alternate dark and light,
     * 89 runs a row of at most 20 characters ({@code M181,181h1v1h-1z}), and the fixed text around them.
     */
    static final int MAX_LENGTH = 177 * 89 * 20 + 400;

    private QrSvg() {
    }

    /** The SVG of the text's QR code; empty when the text does not fit any QR version (it never does here). */
    static Optional<String> of(String text) {
        QrCode qr;
        try {
            qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (IllegalArgumentException tooLong) {
            // DataTooLongException: an otpauth URI of a 254-character address is far below a symbol's 2,331 bytes.
            return Optional.empty();
        }
        int dimension = qr.size + 2 * BORDER;
        StringBuilder svg = new StringBuilder(qr.size * qr.size * 4)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ")
                .append(dimension).append(' ').append(dimension)
                .append("\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path d=\"");
        for (int y = 0; y < qr.size; y++) {
            int x = 0;
            while (x < qr.size) {
                if (!qr.getModule(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < qr.size && qr.getModule(x, y)) {
                    x++;
                }
                int run = x - start;
                svg.append('M').append(start + BORDER).append(',').append(y + BORDER)
                        .append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return Optional.of(svg.append("\" fill=\"#000000\"/></svg>").toString());
    }
}
