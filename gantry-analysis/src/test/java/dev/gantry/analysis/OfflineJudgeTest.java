package dev.gantry.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.api.canary.Verdict;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The offline judge's two request forms, read and answered. */
class OfflineJudgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** {@code n} windows of 1,000 requests a side, with these error counts and 60 latencies of 100..159 ms. */
    static String windows(int n, int baselineErrors, int canaryErrors, double canaryLatencyFactor) {
        String base = latencies(1);
        String canary = latencies(canaryLatencyFactor);
        String one =
                "{\"baseline\":{\"requests\":1000,\"errors\":%d,\"latencyMs\":%s},\"canary\":{\"requests\":1000,\"errors\":%d,\"latencyMs\":%s}}"
                        .formatted(baselineErrors, base, canaryErrors, canary);
        return "{\"mode\":\"sequential\",\"alpha\":0.01,\"windows\":[" + String.join(",", Collections.nCopies(n, one))
                + "]}";
    }

    static String latencies(double factor) {
        return IntStream.range(100, 160)
                .mapToObj(v -> String.valueOf(v * factor))
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void aCanaryErringFarMoreThanStableIsRolledBackAndLaterWindowsRepeatIt() throws Exception {
        SequentialResult r = (SequentialResult) OfflineJudge.judge(json(windows(6, 1, 80, 1)));

        assertThat(r.mode()).isEqualTo("sequential");
        assertThat(r.windows()).hasSize(6);
        List<Decision> decisions = r.windows().stream().map(Verdict::decision).toList();
        int first = decisions.indexOf(Decision.ROLLBACK);
        assertThat(first).as(decisions.toString()).isBetween(0, 2);
        assertThat(decisions.subList(first, 6)).containsOnly(Decision.ROLLBACK);
        assertThat(r.windows().get(first).reason()).isNotBlank();
    }

    @Test
    void aCanaryLikeStableIsNeverRolledBack() throws Exception {
        SequentialResult r = (SequentialResult) OfflineJudge.judge(json(windows(10, 2, 2, 1)));

        assertThat(r.windows()).extracting(Verdict::decision).doesNotContain(Decision.ROLLBACK);
    }

    @Test
    void aKayentaRequestIsJudgedByTheKayentaJudge() throws Exception {
        String body = """
            {"config":{"metrics":[{"name":"m","groups":["g"]}]},
             "series":{"m":{"control":[1,2,3,null],"experiment":[1,2,3]}}}""";

        KayentaResult r = (KayentaResult) OfflineJudge.judge(json(body));

        assertThat(r.metrics().get(0).classification()).isEqualTo("Pass");
        assertThat(r.metrics().get(0).numbers()).containsEntry("controlRemoved", 1.0);
    }

    @Test
    void badRequestsNameTheField() {
        assertBad("{\"mode\":\"sequential\",\"alpha\":0.9,\"windows\":[]}", "alpha: must be in (0, 0.5], was 0.9");
        assertBad("{\"mode\":\"sequential\",\"windows\":[]}", "windows: must hold at least one window");
        assertBad("{\"mode\":\"sequential\"}", "windows: is required");
        assertBad(
                "{\"mode\":\"sequential\",\"windows\":[{\"baseline\":{\"requests\":1},\"canary\":{\"requests\":1.5}}]}",
                "windows[0].canary.requests: must be a whole number, was 1.5");
        assertBad(
                "{\"mode\":\"sequential\",\"windows\":[{\"baseline\":{\"requests\":1,\"latency\":[]},\"canary\":{\"requests\":1}}]}",
                "windows[0].baseline.latency: unknown field, expected one of requests, errors, latencyMs, cpuPercent, memoryBytes");
        assertBad(
                "{\"mode\":\"sequential\",\"windows\":[{\"baseline\":{\"requests\":5,\"latencyMs\":[-1]},\"canary\":{\"requests\":1}}]}",
                "windows[0].baseline.latencyMs: values must be finite and >= 0, was -1.0");
        assertBad(
                "{\"mode\":\"sequential\",\"windows\":[{\"baseline\":{\"requests\":1}}]}",
                "windows[0].canary: is required");
        assertBad(
                "{\"series\":{}}",
                "config: is required (a Kayenta canary configuration), or mode: sequential with windows");
        assertBad(
                "{\"config\":{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"]}]},\"windows\":[]}",
                "windows: unknown field, expected one of mode, config, series");
    }

    private static void assertBad(String body, String message) {
        assertThatThrownBy(() -> OfflineJudge.judge(json(body)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
