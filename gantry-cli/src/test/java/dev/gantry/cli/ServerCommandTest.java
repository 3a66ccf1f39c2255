package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.metrics.SeriesSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code gantry server}'s options for how much metrics history the control plane keeps. */
class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void the_series_options_reach_the_store_of_the_control_plane() throws Exception {
        ServerCommand command = new ServerCommand();
        command.seriesFineRetention = Duration.ofMinutes(2);
        command.seriesCoarseRetention = Duration.ofHours(3);
        command.maxSeries = 7;
        SeriesSettings expected = new SeriesSettings(Duration.ofMinutes(2), Duration.ofHours(3), 7);
        assertThat(command.series()).isEqualTo(expected);

        try (GantryServer server =
                GantryServer.start(ServerConfig.of(dir.resolve("data"), 0).withSeries(command.series()), List.of())) {
            assertThat(server.series().settings()).isEqualTo(expected);
        }
    }

    @Test
    void without_the_options_the_series_keep_an_hour_of_seconds_and_a_day_of_minutes() {
        assertThat(ServerConfig.of(dir, 0).series()).isEqualTo(SeriesSettings.DEFAULT);
        assertThat(GantryRun.of("server", "--help").out().replaceAll("\\s+", " "))
                .contains("--series-fine-retention=DURATION", "(env GANTRY_SERIES_FINE_RETENTION, default 1h)")
                .contains("--series-coarse-retention=DURATION", "(env GANTRY_SERIES_COARSE_RETENTION, default 1d)")
                .contains("--max-series=N", "(env GANTRY_MAX_SERIES, default 5000)");
    }

    static Stream<Arguments> badSeriesOptions() {
        return Stream.of(
                Arguments.of(
                        List.of("--series-fine-retention", "30s"),
                        "--series-fine-retention: must be at least 1m, was 30s"),
                Arguments.of(
                        List.of("--series-fine-retention", "8d", "--series-coarse-retention", "30d"),
                        "--series-fine-retention: must be at most 7d, was 8d"),
                Arguments.of(
                        List.of("--series-coarse-retention", "30m"),
                        "--series-coarse-retention: must be at least --series-fine-retention (1h), was 30m"),
                Arguments.of(
                        List.of("--series-coarse-retention", "91d"),
                        "--series-coarse-retention: must be at most 90d, was 91d"),
                Arguments.of(List.of("--max-series", "0"), "--max-series: must be >= 1, was 0"),
                Arguments.of(List.of("--max-series", "many"), "'many'"),
                Arguments.of(
                        List.of("--series-fine-retention", "1 hour"),
                        "must be a duration like 500ms, 30s, 2m, 1h or 30d, was 1 hour"));
    }

    @ParameterizedTest(name = "gantry server {0} is refused: {1}")
    @MethodSource("badSeriesOptions")
    void a_bad_series_option_is_refused_naming_the_option_before_anything_starts(List<String> options, String error) {
        List<String> argv = new ArrayList<>(
                List.of("server", "--data-dir", dir.resolve("data").toString()));
        argv.addAll(List.of("--port", "0", "--no-agent", "--no-router"));
        argv.addAll(options);

        GantryRun run = GantryRun.of(argv.toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(error, options.getFirst());
        assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
    }
}
