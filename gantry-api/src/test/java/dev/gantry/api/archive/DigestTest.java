package dev.gantry.api.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestTest {
    static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path tmp;

    @Test
    void aFileDigestIsItsSha256InHex() throws IOException {
        Path file = Files.writeString(tmp.resolve("abc"), "abc");

        assertThat(Digest.sha256(file)).isEqualTo(ABC);
        assertThat(Digest.sha256("abc".getBytes())).isEqualTo(ABC);
        assertThat(Digest.isValid(ABC)).isTrue();
    }

    @Test
    void verifyPassesTheRightDigestAndRefusesAnotherNamingBoth() throws IOException {
        Path file = Files.writeString(tmp.resolve("abc"), "abc");
        Digest.verify(file, ABC, "release 1 of web");

        String other = Digest.sha256("abd".getBytes());
        assertThatThrownBy(() -> Digest.verify(file, other, "release 1 of web"))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("release 1 of web: digest mismatch: expected " + other + ", got " + ABC);
        assertThatThrownBy(() -> Digest.verify(file, "md5:abc", "release 1 of web"))
                .hasMessage("release 1 of web: expected digest must look like sha256:<64 hex digits>, was md5:abc");
    }
}
