package dev.gantry.fleet.digitalocean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.Host;
import dev.gantry.fleet.HostState;
import dev.gantry.fleet.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DigitalOcean provider against {@link FakeDigitalOcean}, a local server for the documented API v2 endpoints
 * (the real API cannot be reached from here): droplets made with the environment's key and tag, found again by the
 * tag, destroyed by it; the API's refusals named.
 */
class DigitalOceanProviderTest {
    @TempDir
    Path dir;

    FakeDigitalOcean fake;
    final List<Long> waits = new ArrayList<>();
    EnvironmentFiles files;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeDigitalOcean();
        files = EnvironmentFiles.of(dir, "prod");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void upMakesOneTaggedDropletPerHostWithTheKeyAndASecondUpMakesNothing() throws Exception {
        DigitalOceanProvider provider = provider("fra1", FakeDigitalOcean.TOKEN);
        Environment env = env("web1", "web2", "web3");

        List<String> first = provider.create(env, files);

        assertThat(first).contains("generated the SSH key " + files.key());
        assertThat(first).filteredOn(l -> l.startsWith("created droplet")).hasSize(3);
        assertThat(first)
                .filteredOn(l -> l.matches("droplet web\\d is active at 203\\.0\\.113\\.\\d+"))
                .hasSize(3);
        assertThat(fake.keys()).singleElement().satisfies(k -> {
            assertThat(k.path("name").asText()).isEqualTo("gantry-prod");
            assertThat(k.path("public_key").asText())
                    .isEqualTo(Files.readString(files.publicKey()).strip());
        });
        long keyId = fake.keys().getFirst().path("id").asLong();
        assertThat(fake.droplets()).hasSize(3).allSatisfy(d -> {
            assertThat(d.path("tags").toString()).isEqualTo("[\"gantry-prod\"]");
            assertThat(d.path("ssh_key_ids").get(0).asLong()).isEqualTo(keyId);
        });
        assertThat(fake.requests)
                .as("three droplets over pages of two: the next link was followed")
                .anyMatch(r -> r.startsWith("GET /v2/droplets?page=2"));

        assertThat(provider.create(env, files)).as("idempotent").isEmpty();
        assertThat(fake.droplets()).hasSize(3);
        assertThat(fake.keys()).as("the key is added once").hasSize(1);
        assertThat(provider.list(env, files))
                .extracting(HostState::name, HostState::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web1", HostState.State.UP),
                        org.assertj.core.groups.Tuple.tuple("web2", HostState.State.UP),
                        org.assertj.core.groups.Tuple.tuple("web3", HostState.State.UP));
        assertThat(provider.address(env, env.hosts().get(1))).startsWith("203.0.113.");
    }

    @Test
    void destroyDeletesByTagOnlyAndASecondDestroyFindsNothing() throws Exception {
        DigitalOceanProvider provider = provider("fra1", FakeDigitalOcean.TOKEN);
        provider.create(env("web1", "web2"), files);
        DigitalOceanProvider staging = provider("fra1", FakeDigitalOcean.TOKEN);
        staging.create(named("stage", "web9"), EnvironmentFiles.of(dir, "stage"));

        long web1 = id("web1");
        long web2 = id("web2");
        assertThat(provider.destroy("prod", files))
                .containsExactlyInAnyOrder(
                        "destroyed droplet web1 (id " + web1 + ")", "destroyed droplet web2 (id " + web2 + ")");

        assertThat(fake.droplets()).extracting(d -> d.path("name").asText()).containsExactly("web9");
        assertThat(provider.destroy("prod", files)).isEmpty();
        assertThat(provider.list(env("web1"), files))
                .singleElement()
                .extracting(HostState::state)
                .isEqualTo(HostState.State.ABSENT);
    }

    @Test
    void aWrongTokenAnInvalidRegionAndARateLimitAreNamed() throws Exception {
        assertThatThrownBy(() -> provider("fra1", "dop_v1_wrong").create(env("web1"), files))
                .hasMessage("GET /v2/account/keys: DigitalOcean answered 401 unauthorized: Unable to authenticate you");

        assertThatThrownBy(() -> provider("nowhere1", FakeDigitalOcean.TOKEN).create(env("web1"), files))
                .hasMessage("POST /v2/droplets: DigitalOcean answered 422 unprocessable_entity: You specified an"
                        + " invalid region for Droplet creation.");

        fake.tooManyNext = 1;
        fake.failNext = 0;
        DigitalOceanProvider provider = provider("fra1", FakeDigitalOcean.TOKEN);
        provider.destroy("prod", files);
        assertThat(waits).as("waited for ratelimit-reset, within the cap").hasSize(1);
        assertThat(waits.getFirst()).isBetween(0L, 2_000L);

        fake.failNext = DigitalOceanApi.ATTEMPTS;
        assertThatThrownBy(() -> provider.destroy("prod", files))
                .hasMessage("GET /v2/droplets?tag_name=gantry-prod: DigitalOcean answered 500 server_error:"
                        + " Unexpected server-side error");
    }

    @Test
    void aPlanWithABadSlugIsNamed() {
        assertThatThrownBy(() -> DropletPlan.of("FRA 1", "s-1vcpu-1gb", "debian-12-x64"))
                .hasMessage(
                        "digitalocean.region: must be a slug (lower-case letters, digits, '.', '_', '-'), was FRA 1");
    }

    private long id(String name) {
        return fake.droplets().stream()
                .filter(d -> d.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
    }

    private DigitalOceanProvider provider(String region, String token) {
        DropletPlan plan = new DropletPlan(
                fake.uri(), region, "s-1vcpu-2gb", "debian-12-x64", Duration.ofMillis(1), Duration.ofSeconds(30));
        return new DigitalOceanProvider(
                new DigitalOceanApi(fake.uri(), token, Clock.systemUTC(), waits::add), plan, millis -> {});
    }

    private static Environment env(String... names) {
        return named("prod", names);
    }

    private static Environment named(String name, String... hosts) {
        List<Host> list = new ArrayList<>();
        for (String h : hosts) list.add(new Host(h, Set.of(Role.AGENT), null, 22, "root", null));
        return new Environment(
                name,
                Environment.ProviderKind.SSH,
                null,
                list,
                new Environment.Redis(null, List.of(), List.of()),
                Map.of(),
                null,
                null);
    }
}
