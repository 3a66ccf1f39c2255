package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry up/destroy/hosts} on environment files a user got wrong: each problem named, nothing created. */
class FleetCommandsTest {
    @TempDir
    Path dir;

    private GantryRun gantry(String verb, String env) {
        return GantryRun.of(
                verb,
                env,
                "--environments",
                dir.resolve("environments").toString(),
                "--data-dir",
                dir.resolve("data").toString());
    }

    private void write(String env, String text) throws Exception {
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments").resolve(env + ".yml"), text);
    }

    @Test
    void anUnknownProviderIsNamedWithTheFileAndLineAndNothingIsCreated() throws Exception {
        write("prod", "hosts:\n  - {name: node1, roles: [agent]}\nprovider: docker\n");
        GantryRun up = gantry("up", "prod");
        assertThat(up.exit()).isEqualTo(Main.FAILURE);
        String file = dir.resolve("environments/prod.yml").toString();
        assertThat(up.err())
                .isEqualTo("gantry: " + file + " is not a valid environment:\n"
                        + "  provider: unknown provider 'docker', must be netns, ssh or digitalocean (" + file
                        + " line 3)\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aProviderThatCannotStartIsNamedInOneLineWithTheEnvironment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv("DIGITALOCEAN_TOKEN") == null, "skipped: DIGITALOCEAN_TOKEN is set here");
        write("cloud", """
                provider: digitalocean
                digitalocean: {region: fra1}
                hosts:
                  - {name: web1, roles: [agent]}
                """);
        for (String verb : new String[] {"up", "destroy", "hosts"}) {
            GantryRun run = gantry(verb, "cloud");
            assertThat(run.exit()).as(verb).isEqualTo(Main.FAILURE);
            assertThat(run.err())
                    .as(verb)
                    .isEqualTo("gantry: cloud: digitalocean: no API token: give token-file in the environment file"
                            + " or set DIGITALOCEAN_TOKEN\n");
        }
    }

    @Test
    void aDuplicateHostNameIsNamedByEveryVerb() throws Exception {
        write("prod", """
                provider: netns
                hosts:
                  - {name: node1, roles: [agent]}
                  - {name: node2, roles: [agent]}
                  - {name: node1, roles: [router]}
                """);
        for (String verb : new String[] {"up", "destroy", "hosts"}) {
            GantryRun run = gantry(verb, "prod");
            assertThat(run.exit()).as(verb).isEqualTo(Main.FAILURE);
            assertThat(run.err()).as(verb).contains("hosts[2].name: duplicate host name node1, first on line 3 (");
        }
    }

    @Test
    void aMissingEnvironmentFileSaysWhereItWasLookedFor() {
        GantryRun up = gantry("up", "staging");
        assertThat(up.exit()).isEqualTo(Main.FAILURE);
        assertThat(up.err())
                .isEqualTo("gantry: no environment file " + dir.resolve("environments/staging.yml")
                        + " (give --environments DIR)\n");
    }
}
