package dev.gantry.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaFingerprintTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void readsTheFormGantryPrintsAndTheFormOpensslPrints() {
        CaFingerprint pin = CaFingerprint.parse("sha256:" + HEX);
        assertThat(pin.toString()).isEqualTo("sha256:" + HEX);
        String openssl = HEX.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(CaFingerprint.parse("SHA256:" + openssl)).isEqualTo(pin);
        assertThat(CaFingerprint.parse("  sha256:" + HEX + "\n")).isEqualTo(pin);
    }

    @Test
    void anythingElseIsRefusedSayingWhatItMustLookLike() {
        for (String bad : new String[] {HEX, "sha1:" + HEX, "sha256:" + HEX.substring(2), "sha256:" + HEX + "00", ""}) {
            assertThatThrownBy(() -> CaFingerprint.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("caFingerprint: must be sha256: followed by 64 hex digits");
        }
    }
}
