package dev.gantry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppSpecParserTest {
    @Test
    void aCompleteSpecIsReadWithItsDefaults() {
        AppSpec spec = AppSpecParser.parse("""
        name: hello
        build: mvn -q package
        run: java -jar target/hello.jar
        instances: 3
        route: { host: Hello.localhost, path: /api }
        env: { GREETING: hi }
        health_timeout: 30s
        """);
        assertThat(spec.name()).isEqualTo("hello");
        assertThat(spec.instances()).isEqualTo(3);
        assertThat(spec.health()).isEqualTo("/health");
        assertThat(spec.route()).isEqualTo(new AppSpec.RouteSpec("hello.localhost", "/api"));
        assertThat(spec.env()).containsEntry("GREETING", "hi");
        assertThat(spec.healthTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.test()).isNull();
    }

    @Test
    void aTlsRouteRedirectsPlainHttpUnlessToldNotTo() {
        assertThat(AppSpecParser.parse("name: web\nrun: ./app\nroute: { tls: true }\n")
                        .route())
                .isEqualTo(new AppSpec.RouteSpec("web.localhost", "/", true, true));
        assertThat(AppSpecParser.parse("name: web\nrun: ./app\nroute: { tls: true, tls_redirect: false }\n")
                        .route())
                .isEqualTo(new AppSpec.RouteSpec("web.localhost", "/", true, false));
        assertThatThrownBy(() -> AppSpecParser.parse("name: web\nrun: ./app\nroute:\n  tls: yes please\n"))
                .hasMessage("route.tls: must be true or false, was yes please (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: web\nrun: ./app\nroute:\n  tls_redirect: true\n"))
                .hasMessage("route.tls_redirect: needs tls: true (gantry.yml line 4)");
    }

    @Test
    void aMissingRunIsNamed() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: hello\ninstances: 2\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("run: is required");
    }

    @Test
    void negativeInstancesNameTheFieldAndTheLine() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: hello\nrun: ./app\n\ninstances: -2\n"))
                .hasMessage("instances: must be >= 1, was -2 (gantry.yml line 4)");
    }

    @Test
    void anUnknownKeyIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: hello\nrun: ./app\ninstanse: 2\n"))
                .hasMessage("instanse: unknown key, did you mean 'instances'? (gantry.yml line 3)");
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: hello\nrun: ./app\nzzzzzz: 2\n"))
                .hasMessage("zzzzzz: unknown key (gantry.yml line 3)");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: hello\nrun: [unclosed\ninstances: 2\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("invalid YAML:")
                .hasMessageContaining("line");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SpecException e = (SpecException) org.assertj.core.api.Assertions.catchThrowable(
                () -> AppSpecParser.parse("name: Hello_World\ninstances: lots\nroute: { hots: x }\n"));
        assertThat(e.problems())
                .hasSize(4)
                .anyMatch(p -> p.startsWith("run: is required"))
                .anyMatch(p -> p.startsWith("name: must be lowercase"))
                .anyMatch(p -> p.equals("instances: must be a whole number, was lots (gantry.yml line 2)"))
                .anyMatch(p -> p.startsWith("route.hots: unknown key, did you mean 'host'?"));
    }

    @Test
    void anEmptyFileOrAListIsNotASpec() {
        assertThatThrownBy(() -> AppSpecParser.parse("")).hasMessageContaining("which is empty");
        assertThatThrownBy(() -> AppSpecParser.parse("- a\n- b\n")).hasMessageContaining("expected a mapping");
    }

    @Test
    void aBadDurationIsNamed() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nhealth_timeout: soon\n"))
                .hasMessage(
                        "health_timeout: must be a duration like 500ms, 30s, 2m, 1h or 30d, was soon (gantry.yml line 3)");
    }

    @Test
    void logsRotateAt10MiWith5FilesUnlessTheSpecSaysOtherwise() {
        assertThat(AppSpecParser.parse("name: a\nrun: x\n").logs()).isEqualTo(new AppSpec.LogSpec(10L << 20, 5));
        assertThat(AppSpecParser.parse("name: a\nrun: x\nlogs: { max_size: 512Ki, max_files: 2 }\n")
                        .logs())
                .isEqualTo(new AppSpec.LogSpec(512L << 10, 2));
        assertThat(AppSpecParser.parse("name: a\nrun: x\nlogs:\n  max_size: 1Gi\n")
                        .logs())
                .isEqualTo(new AppSpec.LogSpec(1L << 30, 5));
        assertThat(AppSpecParser.parse("name: a\nrun: x\nlogs: { max_size: 4096 }\n")
                        .logs()
                        .maxSize())
                .isEqualTo(4096);
    }

    @Test
    void badLogSettingsNameTheFieldAndTheLine() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs:\n  max_size: 10MB\n"))
                .hasMessage("logs.max_size: must be a size like 512Ki, 10Mi or 1Gi, was 10MB (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs:\n  max_size: 100\n"))
                .hasMessage("logs.max_size: must be at least 1Ki, was 100 (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs:\n  max_size: 1Mi\n  max_files: 0\n"))
                .hasMessage("logs.max_files: must be 1..100, was 0 (gantry.yml line 5)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs: { max_files: many }\n"))
                .hasMessage("logs.max_files: must be a whole number, was many (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs: { max_sise: 1Mi }\n"))
                .hasMessage("logs.max_sise: unknown key, did you mean 'max_size'? (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nlogs: 10Mi\n"))
                .hasMessage("logs: must be a mapping like { max_size: 10Mi, max_files: 5 } (gantry.yml line 3)");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nrun: y\n"))
                .hasMessage("run: appears twice (gantry.yml line 3)");
    }

    @Test
    void resourcesAndUserAreReadWithNoLimitsAndTheAgentsUserByDefault() {
        AppSpec plain = AppSpecParser.parse("name: a\nrun: x\n");
        assertThat(plain.resources()).isEqualTo(AppSpec.Resources.NONE);
        assertThat(plain.user()).isNull();

        AppSpec spec = AppSpecParser.parse("name: a\nrun: x\nresources: { memory: 256Mi, cpu: 0.5 }\nuser: web-app\n");
        assertThat(spec.resources()).isEqualTo(new AppSpec.Resources(256L << 20, 0.5));
        assertThat(spec.user()).isEqualTo("web-app");
        assertThat(AppSpecParser.parse("name: a\nrun: x\nresources:\n  cpu: 2\n")
                        .resources())
                .isEqualTo(new AppSpec.Resources(0, 2));
        assertThat(AppSpecParser.parse("name: a\nrun: x\nresources: { memory: 1Gi }\n")
                        .resources()
                        .memoryBytes())
                .isEqualTo(1L << 30);
    }

    @Test
    void badResourcesNameTheFieldAndTheLine() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources:\n  memory: 256MB\n"))
                .hasMessage("resources.memory: must be a size like 512Ki, 10Mi or 1Gi, was 256MB (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources:\n  memory: 1Mi\n"))
                .hasMessage("resources.memory: must be at least 16Mi, was 1Mi (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources:\n  memory: 64Mi\n  cpu: half\n"))
                .hasMessage("resources.cpu: must be a number of cores like 0.5 or 2, was half (gantry.yml line 5)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources: { cpu: 0 }\n"))
                .hasMessage("resources.cpu: must be 0.01..1024 cores, was 0 (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources: { cpu: -1 }\n"))
                .hasMessage("resources.cpu: must be a number of cores like 0.5 or 2, was -1 (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources: { memroy: 64Mi }\n"))
                .hasMessage("resources.memroy: unknown key, did you mean 'memory'? (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nresources: 256Mi\n"))
                .hasMessage("resources: must be a mapping like { memory: 256Mi, cpu: 0.5 } (gantry.yml line 3)");
    }

    @Test
    void aUserMustBeAnAccountNameAndNeverRoot() {
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\n\nuser: root\n"))
                .hasMessage("user: must not be root: instances never run as root (gantry.yml line 4)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nuser: Web App\n"))
                .hasMessage(
                        "user: must be an account name (lowercase letters, digits, '_' and '-'), was Web App (gantry.yml line 3)");
        assertThatThrownBy(() -> AppSpecParser.parse("name: a\nrun: x\nuser: [a, b]\n"))
                .hasMessage("user: must be a single value, not a list or mapping (gantry.yml line 3)");
        assertThatThrownBy(() -> new AppSpec.Resources(1 << 20, 0))
                .hasMessage("resources.memory: must be at least 16Mi, was 1048576");
        assertThatThrownBy(() -> new InstanceSpec("i", "a", 1, "x", null, null, 1, null, "root"))
                .hasMessage("instance user: must not be root: instances never run as root");
    }

    @Test
    void sizesAreWrittenAsGantryYmlWritesThem() {
        assertThat(AppSpec.Resources.sizeText(32L << 20)).isEqualTo("32Mi");
        assertThat(AppSpec.Resources.sizeText(2L << 30)).isEqualTo("2Gi");
        assertThat(AppSpec.Resources.sizeText(1536L << 10)).isEqualTo("1536Ki");
        assertThat(AppSpec.Resources.sizeText(1000)).isEqualTo("1000");
    }
}
