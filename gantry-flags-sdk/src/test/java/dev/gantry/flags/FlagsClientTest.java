package dev.gantry.flags;

import static dev.gantry.flags.Flags.booleanFlag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.flags.internal.SnapshotFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsClientTest {
    private static final String KEY = "sdk-test-key";
    private static final EvaluationContext ALICE = EvaluationContext.of("alice");

    @TempDir
    Path dir;

    private FakeFlagServer server;
    private final List<FlagsClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeFlagServer(KEY).start();
        server.putFlag(booleanFlag("new-banner", EnvConfig.serving("on")));
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(FlagsClient::close);
        server.close();
    }

    private FlagsClient client(String sdkKey, Duration maxBackoff) {
        var client = FlagsClient.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(sdkKey)
                .environment("production")
                .snapshotFile(dir.resolve("flags-snapshot.json"))
                .reconnectBackoff(Duration.ofMillis(20), maxBackoff)
                .readTimeout(Duration.ofSeconds(5))
                .build();
        clients.add(client);
        return client.start();
    }

    private FlagsClient client() {
        return client(KEY, Duration.ofMillis(200));
    }

    @Test
    void receivesTheSnapshotThenAChangeAndTellsTheListeners() {
        var client = client();
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(client.booleanValue("new-banner", ALICE, false)).isTrue();
        assertThat(server.environments).contains("env=production");
        List<Set<String>> heard = new CopyOnWriteArrayList<>();
        client.addListener(heard::add);

        server.putFlag(booleanFlag("new-banner", EnvConfig.serving("off")));

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.booleanValue("new-banner", ALICE, true));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(Set.of("new-banner")));
        assertThat(client.flagSet().version()).isEqualTo(2);
    }

    @Test
    void appliesDeletionsAndSegmentChanges() {
        var client = client();
        client.awaitReady(Duration.ofSeconds(10));
        server.putFlag(Flags.targeted("beta-only", Condition.of("targetingKey", "inSegment", "beta")));
        server.putSegment(new Segment("beta", null, List.of("alice"), List.of(), List.of(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.booleanValue("beta-only", ALICE, false));

        server.deleteFlag("new-banner");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.details("new-banner", Boolean.class, false, ALICE)
                                .errorCode()
                        != null);
        assertThat(client.details("new-banner", Boolean.class, false, ALICE))
                .extracting("value", "reason", "errorCode")
                .containsExactly(false, "ERROR", "FLAG_NOT_FOUND");
    }

    @Test
    void reconnectsAfterTheServerRestartsAndCatchesUpWithLastEventId() throws Exception {
        var client = client();
        client.awaitReady(Duration.ofSeconds(10));
        server.stop();
        server.putFlag(booleanFlag("new-banner", EnvConfig.serving("off")));
        server.putFlag(booleanFlag("second", EnvConfig.serving("on")));
        server.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> client.flagSet().version() == 3);
        assertThat(server.lastEventIds).contains("1");
        assertThat(client.booleanValue("new-banner", ALICE, true)).isFalse();
        assertThat(client.booleanValue("second", ALICE, false)).isTrue();
    }

    @Test
    void keepsServingTheLastKnownValuesWhileTheServerIsDown() {
        var client = client();
        client.awaitReady(Duration.ofSeconds(10));
        int before = server.requests();
        server.failWithStatus = 503;
        server.stop();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> client.booleanValue("new-banner", ALICE, false));
        assertThat(client.details("new-banner", Boolean.class, false, ALICE).reason())
                .isEqualTo("STATIC");
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void keepsRetryingThroughServerErrorsUntilTheServerAnswers() {
        server.failWithStatus = 503;
        var client = client();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= 3);
        assertThat(client.isReady()).isFalse();
        server.failWithStatus = 0;
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void writesTheLastKnownGoodSnapshotAndStartsFromItWhenTheServerIsDownAtStart() throws Exception {
        var first = client();
        first.awaitReady(Duration.ofSeconds(10));
        server.putFlag(booleanFlag("new-banner", EnvConfig.serving("off")));
        var file = new SnapshotFile(dir.resolve("flags-snapshot.json"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(file.path()) && file.read().flags().version() == 2);
        assertThat(file.read().storeId()).isEqualTo("store-1");
        first.close();
        server.stop();

        var second = client();
        assertThat(second.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(second.details("new-banner", Boolean.class, true, ALICE))
                .extracting("value", "variant", "reason")
                .containsExactly(false, "off", "STATIC");

        server.putFlag(booleanFlag("new-banner", EnvConfig.serving("on")));
        server.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.booleanValue("new-banner", ALICE, false));
        assertThat(server.lastEventIds).contains("2");
    }

    @Test
    void aRejectedSdkKeyLeavesTheClientUnreadyAndIsNotRetriedFast() {
        var client = client("wrong-key", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> server.requests() == 1);
        assertThat(client.isReady()).isFalse();
        assertThat(client.details("new-banner", Boolean.class, false, ALICE).errorCode())
                .isEqualTo("FLAG_NOT_FOUND");
    }

    @Test
    void aRejectedSdkKeyStillStartsFromTheSnapshotFile() throws Exception {
        new SnapshotFile(dir.resolve("flags-snapshot.json"))
                .write(FlagSet.of(9, List.of(booleanFlag("cached", EnvConfig.serving("on"))), List.of()), "store-1");
        var client = client("wrong-key", Duration.ofSeconds(30));
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(client.booleanValue("cached", ALICE, false)).isTrue();
    }

    @Test
    void takesTheSnapshotOfANewStoreAlthoughItsVersionIsLower() throws Exception {
        var client = client();
        client.awaitReady(Duration.ofSeconds(10));
        server.putFlag(booleanFlag("lost", EnvConfig.serving("on")));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.flagSet().version() == 2);

        server.startOver(
                "store-2", FlagSet.of(1, List.of(booleanFlag("new-banner", EnvConfig.serving("off"))), List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.flagSet().version() == 1);
        assertThat(client.booleanValue("new-banner", ALICE, true)).isFalse();
        assertThat(client.details("lost", Boolean.class, false, ALICE).errorCode())
                .isEqualTo("FLAG_NOT_FOUND");

        server.putFlag(booleanFlag("after", EnvConfig.serving("on")));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.booleanValue("after", ALICE, false));
        assertThat(new SnapshotFile(dir.resolve("flags-snapshot.json")).read().storeId())
                .isEqualTo("store-2");
    }

    @Test
    void reconnectingIntoAnotherStoreGetsItsSnapshotRatherThanTheChangesAfterLastEventId() throws Exception {
        var client = client();
        client.awaitReady(Duration.ofSeconds(10));
        server.stop();
        server.startOver("store-2", FlagSet.of(0, List.of(), List.of()));
        server.putFlag(booleanFlag("second", EnvConfig.serving("on")));
        server.putFlag(booleanFlag("third", EnvConfig.serving("on")));
        server.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> client.booleanValue("third", ALICE, false));
        assertThat(server.storeIdsSent).startsWith("none").contains("store-1");
        assertThat(client.booleanValue("second", ALICE, false)).isTrue();
        assertThat(client.details("new-banner", Boolean.class, false, ALICE).errorCode())
                .as("the old store's flag is gone, not kept by a delta-only catch-up")
                .isEqualTo("FLAG_NOT_FOUND");
    }

    @Test
    void theBuilderNamesTheMissingSetting() {
        assertThatThrownBy(
                        () -> FlagsClient.builder().sdkKey("k").environment("e").build())
                .hasMessage("baseUrl: must be set");
        assertThatThrownBy(() -> FlagsClient.builder()
                        .baseUrl(URI.create("http://h"))
                        .environment("e")
                        .build())
                .hasMessage("sdkKey: must be set");
        assertThatThrownBy(() -> FlagsClient.builder()
                        .baseUrl(URI.create("ftp://h"))
                        .sdkKey("k")
                        .environment("e")
                        .build())
                .hasMessage("baseUrl: must be an http or https URL, was ftp://h");
    }

    @Test
    void anOfflineClientEvaluatesItsSetAndReportsReplacements() {
        var client = FlagsClient.offline(
                FlagSet.of(1, List.of(booleanFlag("f", EnvConfig.serving("on"))), List.of()), "production");
        assertThat(client.isReady()).isTrue();
        List<Set<String>> heard = new CopyOnWriteArrayList<>();
        client.addListener(heard::add);
        client.setFlags(FlagSet.of(
                2,
                List.of(booleanFlag("f", EnvConfig.serving("off")), booleanFlag("g", EnvConfig.serving("on"))),
                List.of()));
        assertThat(client.booleanValue("f", ALICE, true)).isFalse();
        assertThat(heard).containsExactly(Set.of("f", "g"));
    }
}
