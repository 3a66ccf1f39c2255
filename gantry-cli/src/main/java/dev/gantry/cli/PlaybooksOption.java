package dev.gantry.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --playbooks DIR}: where {@code gantry up} and {@code gantry destroy} find deploy/ansible's playbooks. */
final class PlaybooksOption {
    @Option(
            names = "--playbooks",
            paramLabel = "DIR",
            defaultValue = "${env:GANTRY_PLAYBOOKS}",
            description = "the Ansible playbooks (env GANTRY_PLAYBOOKS; default: deploy/ansible beside gantry.jar's "
                    + "checkout, else in the working directory)")
    Path dir;

    /** The playbook {@code name} (site.yml, destroy.yml); a CliException naming the path when it is not there. */
    Path file(String name) {
        Path d = dir;
        if (d == null) {
            Path self = running();
            Path beside =
                    self == null || self.getParent() == null || self.getParent().getParent() == null
                            ? null
                            : self.getParent().getParent().getParent().resolve("deploy/ansible");
            d = beside != null && Files.isDirectory(beside) ? beside : Path.of("deploy/ansible");
        }
        Path file = d.toAbsolutePath().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new CliException("no playbook " + file + " (give --playbooks DIR, the checkout's deploy/ansible)");
        }
        return file;
    }

    /** The jar or classes directory this runs from (gantry-cli/target/gantry.jar in a checkout). */
    static Path running() {
        try {
            return Path.of(PlaybooksOption.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (Exception e) {
            return null;
        }
    }
}
