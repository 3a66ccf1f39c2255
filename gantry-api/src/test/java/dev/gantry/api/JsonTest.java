package dev.gantry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String STATUS =
            "{\"id\":\"web-1\",\"app\":\"web\",\"release\":3,\"host\":\"h\",\"address\":\"127.0.0.1\","
                    + "\"port\":20001,\"pid\":42,\"state\":\"READY\",\"restarts\":1,\"startedAt\":5,\"message\":\"ok\",\"cpuPercent\":1.5,\"rssBytes\":7}";

    @Test
    void aReaderIgnoresFieldsItDoesNotKnowButTheStrictMapperRefusesThem() throws Exception {
        String newer = STATUS.replace("}", ",\"cgroup\":\"/gantry/web-1\"}");

        assertThat(Json.mapper().readValue(newer, InstanceStatus.class).state()).isEqualTo(InstanceState.READY);
        assertThatThrownBy(() -> Json.strict().readValue(newer, InstanceStatus.class))
                .hasMessageContaining("\"cgroup\"");
    }

    @Test
    void aFieldAnOlderSenderDoesNotKnowIsReadAsItsDefault() throws Exception {
        InstanceStatus older =
                Json.strict().readValue(STATUS.replace(",\"cpuPercent\":1.5,\"rssBytes\":7", ""), InstanceStatus.class);

        assertThat(older.cpuPercent()).isZero();
        assertThat(older.rssBytes()).isZero();
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> Json.mapper()
                        .readValue(STATUS.replace("\"port\":20001", "\"port\":20001,\"port\":1"), InstanceStatus.class))
                .hasMessageContaining("Duplicate field 'port'");
    }

    @Test
    void anythingAfterTheValueIsRefused() {
        assertThatThrownBy(() -> Json.mapper().readValue(STATUS + " {}", InstanceStatus.class))
                .hasMessageContaining("Trailing token");
    }

    @Test
    void nullForANumberIsRefused() {
        assertThatThrownBy(() -> Json.mapper()
                        .readValue(STATUS.replace("\"port\":20001", "\"port\":null"), InstanceStatus.class))
                .hasMessageContaining("null");
    }

    @Test
    void aNumberForAnEnumIsRefused() {
        assertThatThrownBy(() -> Json.mapper().readValue(STATUS.replace("\"READY\"", "2"), InstanceStatus.class))
                .hasMessageContaining("InstanceState");
    }

    @Test
    void scalarsAreNotCoerced() {
        assertThatThrownBy(() -> Json.mapper().readValue(STATUS.replace("20001", "\"20001\""), InstanceStatus.class))
                .hasMessageContaining("int");
        assertThatThrownBy(() -> Json.mapper().readValue(STATUS.replace("\"web-1\"", "17"), InstanceStatus.class))
                .hasMessageContaining("String");
        assertThatThrownBy(() -> Json.mapper().readValue(STATUS.replace("20001", "20001.5"), InstanceStatus.class))
                .hasMessageContaining("int");
    }

    @Test
    void durationsAreWrittenAsIsoTextAndReadBack() throws Exception {
        AppSpec spec = AppSpecParser.parse("name: web\nrun: ./web\nhealth_timeout: 30s\n");
        String json = Json.write(spec);

        assertThat(json).contains("\"healthTimeout\":\"PT30S\"");
        assertThat(Json.strict().readValue(json, AppSpec.class)).isEqualTo(spec);
        assertThat(Json.read(json, AppSpec.class).healthTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aProblemLeavesOutTheMembersItDoesNotHave() {
        Problem p = Problem.of(ProblemType.NOT_FOUND, 404, "app nope not found", null, List.of());

        assertThat(Json.write(p))
                .isEqualTo("{\"type\":\"urn:gantry:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"app nope not found\"}");
        assertThat(Json.read(Json.write(p), Problem.class)).isEqualTo(p);
    }

    @Test
    void badJsonNamesTheTypeItWasRead() {
        assertThatThrownBy(() -> Json.read("{", RouteTable.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid RouteTable JSON: ");
    }

    @Test
    void recordsWithAnOlderConstructorKeptAreReadThroughTheirFullOne() throws Exception {
        InstanceSpec spec = new InstanceSpec(
                "web-1",
                "web",
                3,
                "./run",
                "/health",
                java.util.Map.of("A", "b"),
                5,
                new AppSpec.Resources(64L << 20, 0.5),
                "web-app");
        assertThat(Json.strict().readValue(Json.mapper().writeValueAsString(spec), InstanceSpec.class))
                .isEqualTo(spec);
        InstanceSpec older = Json.strict()
                .readValue("{\"id\":\"w\",\"app\":\"web\",\"release\":1,\"command\":\"./run\"}", InstanceSpec.class);
        assertThat(older.resources()).isEqualTo(AppSpec.Resources.NONE);
        assertThat(older.user()).isNull();

        AgentReport report = new AgentReport(
                "h",
                "a",
                "u",
                1,
                2,
                List.of(),
                0,
                0,
                0,
                new AgentReport.Isolation(
                        "gantry-app", AgentReport.CgroupVersion.NONE, "no cgroup controller can be written"));
        assertThat(Json.strict().readValue(Json.mapper().writeValueAsString(report), AgentReport.class))
                .isEqualTo(report);
        InstanceStatus status = Json.strict().readValue(STATUS, InstanceStatus.class);
        assertThat(Json.strict().readValue(Json.mapper().writeValueAsString(status), InstanceStatus.class))
                .isEqualTo(status);
    }
}
