package dev.gantry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path dir;

    @Test
    void theTokenIsCreatedOnceWithOwnerOnlyPermissionsAndReadBackAfterwards() throws Exception {
        AdminToken first = AdminToken.loadOrCreate(dir);
        AdminToken again = AdminToken.loadOrCreate(dir);
        assertThat(first.value()).startsWith("gty_").hasSize(52).isEqualTo(again.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AdminToken.file(dir))))
                .isEqualTo("rw-------");
    }

    @Test
    void onlyTheExactTokenMatches() throws Exception {
        AdminToken token = AdminToken.loadOrCreate(dir);
        assertThat(token.matches(token.value())).isTrue();
        assertThat(token.matches(token.value() + "x")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
    }
}
