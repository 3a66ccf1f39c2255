package dev.gantry.fleet.digitalocean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.EnvironmentParser;
import dev.gantry.fleet.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provider: digitalocean} in an environment file, through {@link Fleet} against {@link FakeDigitalOcean}. */
class DigitalOceanEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void upMakesTheDropletsAndWritesTheirAddressesIntoTheInventory() throws Exception {
        try (FakeDigitalOcean fake = new FakeDigitalOcean()) {
            Files.writeString(dir.resolve("do-token"), FakeDigitalOcean.TOKEN + "\n");
            Environment env =
                    parse("""
                    provider: digitalocean
                    digitalocean: {region: fra1, token-file: do-token, api: %s}
                    hosts:
                      - {name: web1, roles: [agent, router]}
                      - {name: web2, roles: [agent]}
                    """.formatted("http://127.0.0.1:" + fake.uri().getPort()));
            assertThat(env.digitalocean().size()).isEqualTo("s-1vcpu-2gb");
            assertThat(env.digitalocean().image()).isEqualTo("debian-12-x64");

            Fleet fleet = new Fleet(dir.resolve("data"));
            Fleet.UpReport up = fleet.up(env, null, e -> Map.of());

            assertThat(up.changes())
                    .filteredOn(l -> l.startsWith("created droplet"))
                    .hasSize(2);
            String inventory = Files.readString(fleet.files("prod").inventory());
            assertThat(inventory).containsPattern("ansible_host: 203\\.0\\.113\\.\\d+");
            assertThat(fleet.up(env, null, e -> Map.of()).unchanged())
                    .as("a second up changes nothing")
                    .isTrue();
            assertThat(fleet.destroy(env)).anyMatch(l -> l.startsWith("destroyed droplet web1"));
            assertThat(fake.droplets()).isEmpty();
        }
    }

    @Test
    void aMissingSectionAGivenAddressABadSlugAndNoTokenAreNamed() {
        assertThatThrownBy(() -> parse("provider: digitalocean\nhosts:\n  - {name: web1, roles: [agent]}\n"))
                .hasMessageContaining("digitalocean: required by the digitalocean provider");
        assertThatThrownBy(() -> parse(
                        "provider: digitalocean\ndigitalocean: {region: FRA1}\nhosts:\n  - {name: web1, roles: [agent],"
                                + " address: 203.0.113.9}\n"))
                .hasMessageContaining("hosts[0].address: not used by the digitalocean provider")
                .hasMessageContaining("digitalocean.region: must be a slug");
        assertThatThrownBy(() -> parse(
                        "provider: netns\ndigitalocean: {region: fra1}\nhosts:\n  - {name: web1, roles: [agent]}\n"))
                .hasMessageContaining("digitalocean: only for provider: digitalocean");
        Environment env =
                parse("provider: digitalocean\ndigitalocean: {region: fra1}\nhosts:\n  - {name: w, roles: [agent]}\n");
        assertThatThrownBy(() -> Fleet.provider(env).list(env, null))
                .satisfiesAnyOf(
                        e -> assertThat(e).hasMessageContaining("no API token"),
                        e -> assertThat(System.getenv("DIGITALOCEAN_TOKEN")).isNotNull());
    }

    private Environment parse(String text) {
        return EnvironmentParser.parse(text, "prod", "environments/prod.yml", dir);
    }
}
