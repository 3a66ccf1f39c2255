package dev.gantry.markdown;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code shared/marqdown} (SPEC, cases.json, check.sh): {@code GANTRY_SHARED} or {@code <repo>/../shared}. */
final class SharedCorpus {
    private SharedCorpus() {}

    /** The marqdown directory, or null when it cannot be found. */
    static Path marqdownDir() {
        String override = System.getProperty("GANTRY_SHARED", System.getenv("GANTRY_SHARED"));
        Path shared = override != null
                ? Path.of(override)
                : Path.of("../../../shared").toAbsolutePath().normalize();
        Path dir =
                shared.getFileName() != null && shared.getFileName().toString().equals("marqdown")
                        ? shared
                        : shared.resolve("marqdown");
        return Files.isRegularFile(dir.resolve("check.sh")) && Files.isRegularFile(dir.resolve("cases.json"))
                ? dir
                : null;
    }
}
