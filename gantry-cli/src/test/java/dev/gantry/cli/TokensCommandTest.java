package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Json;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry tokens ...} as a user types it, against a real control plane (port 0, temp dir). */
@Timeout(120)
class TokensCommandTest {
    @TempDir
    static Path dir;

    static GantryServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("server"), 0), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createPrintsTheSecretOnlyListNeverShowsItAndRevokeEndsIt() throws Exception {
        GantryRun created = tokens("create", "ci", "--role", "deployer", "--expires", "30d");
        assertThat(created.exit()).as(created.err()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("gty_").doesNotContain("\n");

        GantryRun table = tokens("list");
        assertThat(table.exit()).isZero();
        assertThat(table.outLines().get(0)).contains("NAME", "ROLE", "CREATED", "EXPIRES", "LAST USED");
        assertThat(table.out()).contains("ci").contains("deployer").doesNotContain(secret);
        GantryRun json = tokens("list", "-o", "json");
        assertThat(json.out()).doesNotContain(secret).doesNotContain(server.token());
        List<String> names = new ArrayList<>();
        for (JsonNode t : Json.mapper().readTree(json.out()))
            names.add(t.path("name").asText());
        assertThat(names).contains("admin", "ci");
        assertThat(tokens("list", "-o", "yaml").out()).contains("name: ci").doesNotContain(secret);

        GantryRun revoked = tokens("revoke", "ci");
        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).isEqualTo("revoked ci\n");
        GantryRun again = tokens("revoke", "ci");
        assertThat(again.exit()).isEqualTo(Main.NOT_FOUND);
        assertThat(again.err()).contains("credential ci not found");
    }

    @Test
    void aViewerTokenFileReadsButCannotManageCredentials() throws Exception {
        Path file = dir.resolve("viewer.token");
        Files.writeString(file, tokens("create", "watcher", "--role", "viewer").out());

        GantryRun apps = GantryRun.of("apps", "--server", server.apiUrl(), "--token-file", file.toString());
        assertThat(apps.exit()).as(apps.err()).isZero();
        GantryRun refused = GantryRun.of(
                "tokens",
                "create",
                "sneaky",
                "--role",
                "admin",
                "--server",
                server.apiUrl(),
                "--token-file",
                file.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("needs the role admin").contains("credential watcher has the role viewer");
    }

    @Test
    void aRoleThatDoesNotExistIsRefusedNamingTheRoles() {
        GantryRun run = tokens("create", "x", "--role", "root");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("role: must be one of admin, deployer, viewer, agent, router, metrics, join");
    }

    @Test
    void everyTokensVerbHasHelp() {
        for (String verb : List.of("create", "list", "revoke")) {
            GantryRun help = GantryRun.of("tokens", verb, "--help");
            assertThat(help.exit()).as(verb).isZero();
            assertThat(help.out()).contains("Usage: gantry tokens " + verb).contains("Exit codes:");
        }
    }

    private static GantryRun tokens(String... args) {
        List<String> argv = new ArrayList<>(List.of("tokens"));
        argv.addAll(List.of(args));
        argv.addAll(List.of(
                "--server",
                server.apiUrl(),
                "--data-dir",
                server.config().dataDir().toString()));
        return GantryRun.of(argv.toArray(String[]::new));
    }
}
