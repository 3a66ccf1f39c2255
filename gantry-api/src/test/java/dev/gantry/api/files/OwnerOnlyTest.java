package dev.gantry.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void directoriesAreCreated0700WithTheirMissingParentsAndExistingOnesAreLeftAlone() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnly.directories(open.resolve("a/b"));
        assertThat(mode(open)).isEqualTo("rwxr-xr-x");
        assertThat(mode(open.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(open.resolve("a/b"))).isEqualTo("rwx------");
        OwnerOnly.directory(open);
        assertThat(mode(open)).isEqualTo("rwx------");
    }

    @Test
    void filesAreCreatedAndWritten0600AndAnExistingFileKeepsItsContent() throws IOException {
        Path file = OwnerOnly.file(tmp.resolve("log"));
        Files.writeString(file, "kept");
        OwnerOnly.file(file);
        assertThat(Files.readString(file)).isEqualTo("kept");
        assertThat(mode(file)).isEqualTo("rw-------");
        OwnerOnly.write(tmp.resolve("secret"), "s3cret\n");
        assertThat(mode(tmp.resolve("secret"))).isEqualTo("rw-------");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("log", "secret");
        }
    }

    @Test
    void restrictTakesGroupAndOthersAwayFromATreeAndKeepsTheOwnersBits() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
        Path script = Files.writeString(tree.resolve("run.sh"), "echo hi");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(tree.resolve("link"), script);
        OwnerOnly.restrict(tmp.resolve("tree"));
        assertThat(mode(script)).isEqualTo("rwx------");
        assertThat(mode(tree)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("tree"))).isEqualTo("rwx------");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
