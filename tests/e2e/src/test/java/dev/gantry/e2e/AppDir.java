package dev.gantry.e2e;

import dev.gantry.api.archive.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An app directory made for a test: a gantry.yml, packed as the tar.gz the CLI would send. */
final class AppDir {
    private AppDir() {}

    static Path hello() {
        return jar("examples/hello/target/hello.jar");
    }

    static Path markdown() {
        return jar("services/markdown/target/markdown.jar");
    }

    /** The repository root: the e2e module lives at tests/e2e. */
    static Path root() {
        return Path.of("").toAbsolutePath().getParent().getParent();
    }

    private static Path jar(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException(p + " is missing; build the reactor first (mvn install)");
        return p;
    }

    static Path write(Path parent, String name, String gantryYml) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.writeString(dir.resolve("gantry.yml"), gantryYml);
        return dir;
    }

    static Path pack(Path dir) throws IOException {
        Path tar = Files.createTempFile(dir.getParent(), "app-", ".tar.gz");
        TarGz.pack(dir, tar);
        return tar;
    }

    static String helloYml(int instances, String extra) {
        return helloYml("hello", instances, extra);
    }

    /** hello deployed under another app name (so one platform can hold several), routed at NAME.localhost. */
    static String helloYml(String name, int instances, String extra) {
        return "name: " + name + "\n"
                + "run: java -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + hello() + "\n"
                + "instances: " + instances + "\n"
                + "grace: 3s\n"
                + extra;
    }
}
