package dev.accounts.mfa;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an authenticator app needs; shown once, before confirmation. */
@Schema(name = "TotpEnrolment")
public record TotpEnrolment(
        @Schema(description = "The TOTP secret, base32 without padding (160 bits)", maxLength = 64) String secret,
        @Schema(description = "otpauth:// URI (issuer = product name, label = email) for a QR code", maxLength = 1024) String otpauthUri,
        @Schema(description = "The otpauth:// URI as a QR code: an SVG document (one path of dark modules, a four-module "
                + "quiet zone, medium error correction) to show as it is, e.g. in an img element as a data: URI",
                maxLength = QrSvg.MAX_LENGTH, nullable = true) String qrCodeSvg) {

    @Override
    public String toString() {
        return "TotpEnrolment[redacted]";
    }
}
