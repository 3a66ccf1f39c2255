package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Json;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry canary judge FILE} run as a user types it, against a real control plane (port 0, temp dir). */
@Timeout(120)
class CanaryCommandTest {
    static final String KAYENTA = """
        {"config":{"name":"checkout","judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":{}},
          "metrics":[{"name":"latency","query":{"type":"prometheus"},"groups":["Latency"],
                      "analysisConfigurations":{"canary":{"direction":"increase"}}},
                     {"name":"errors","query":{"type":"datadog"},"groups":["Errors"]}],
          "classifier":{"groupWeights":{"Latency":70,"Errors":30},"scoreThresholds":{"pass":95,"marginal":75}}},
         "series":{"latency":{"control":%s,"experiment":%s},"errors":{"control":[0,1,0,2],"experiment":[0,1,0,2]}}}""";

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

    static String values(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    static Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    static GantryRun canary(String input, String... args) {
        List<String> argv = new ArrayList<>(List.of("canary"));
        argv.addAll(Arrays.asList(args));
        argv.addAll(List.of("--server", server.apiUrl(), "--token", server.token()));
        return GantryRun.typing(input, argv.toArray(String[]::new));
    }

    @Test
    void aKayentaRequestPrintsTheScoreAndATableOfMetrics() throws Exception {
        Path request = file("slow.json", KAYENTA.formatted(values(1, 20), values(11, 30)));

        GantryRun run = canary("", "judge", request.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        // latency High: its group scores 0, errors pass: 0.7 x 0 + 0.3 x 100
        assertThat(run.outLines().get(0)).isEqualTo("result: Fail, score 30");
        assertThat(run.outLines().get(1)).isEqualTo("reason: score 30 < marginal 75; latency High");
        assertThat(run.out())
                .containsPattern("latency\\s+Latency\\s+High\\s+no\\s+mean 10.5 \\(n=20\\)\\s+mean 20.5 \\(n=20\\)");
        assertThat(run.out())
                .contains("latency: latency was classified as High: the 98% interval of the shift [5, 15]");
        assertThat(run.out()).contains("errors: the canary and baseline data are identical");
    }

    @Test
    void jsonOutputIsTheApisRecordAndStandardInputWorks() throws Exception {
        GantryRun run = canary(KAYENTA.formatted(values(1, 20), values(1, 20)), "judge", "-", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        KayentaResult r = Json.strict().readValue(run.out(), KayentaResult.class);
        assertThat(r.result()).isEqualTo("Pass");
        assertThat(r.score()).isEqualTo(100.0);
    }

    @Test
    void sequentialWindowsPrintADecisionPerWindowWithItsReason() throws Exception {
        String window =
                "{\"baseline\":{\"requests\":1000,\"errors\":1,\"latencyMs\":%s},\"canary\":{\"requests\":1000,\"errors\":80,\"latencyMs\":%s}}"
                        .formatted(values(100, 159), values(100, 159));
        Path request = file(
                "bad.json",
                "{\"mode\":\"sequential\",\"alpha\":0.01,\"windows\":["
                        + String.join(",", Collections.nCopies(4, window)) + "]}");

        GantryRun run = canary("", "judge", request.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.outLines().get(0).split("\\s+")).containsExactly("WINDOW", "DECISION", "REASON");
        assertThat(run.outLines().get(4)).startsWith("4       ROLLBACK");
        assertThat(run.out()).contains("after window 4: ROLLBACK");
        GantryRun json = canary("", "judge", request.toString(), "-o", "json");
        assertThat(Json.strict().readValue(json.out(), SequentialResult.class).windows())
                .hasSize(4);
    }

    @Test
    void localJudgesWithoutAControlPlane() throws Exception {
        Path request = file("local.json", KAYENTA.formatted(values(1, 20), values(11, 30)));

        GantryRun run =
                GantryRun.of("canary", "judge", request.toString(), "--local", "--server", "http://127.0.0.1:1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.outLines().get(0)).isEqualTo("result: Fail, score 30");
    }

    @Test
    void badInputExits1WithOneLineNamingTheField() throws Exception {
        Path unknown = file(
                "unknown.json",
                KAYENTA.formatted("[1]", "[2]").replace("\"errors\":{\"control\"", "\"erors\":{\"control\""));
        GantryRun run = canary("", "judge", unknown.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("gantry: series.erors: metric not in config\n");

        GantryRun local = canary("", "judge", unknown.toString(), "--local");
        assertThat(local.err()).isEqualTo("gantry: series.erors: metric not in config\n");

        GantryRun broken =
                canary("", "judge", file("broken.json", "{\"config\":").toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err())
                .startsWith("gantry: " + dir.resolve("broken.json") + ": invalid JSON: Unexpected end-of-input");

        GantryRun missing = canary("", "judge", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gantry: cannot read " + dir.resolve("nope.json"));
    }

    @Test
    void judgeHelpDescribesBothFormats() {
        GantryRun run = GantryRun.of("canary", "judge", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("Usage: gantry canary judge", "\"mode\": \"sequential\"", "--local", "-o, --output");
        assertThat(GantryRun.of("canary", "--help").out()).contains("judge", "status");
    }
}
