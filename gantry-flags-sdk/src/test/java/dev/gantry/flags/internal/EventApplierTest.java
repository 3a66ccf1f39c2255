package dev.gantry.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventApplierTest {
    private static final FlagSet AT_7 = FlagSet.of(7, List.of(booleanFlag("f", EnvConfig.serving("on"))), List.of());

    @TempDir
    Path dir;

    @Test
    void aSnapshotOfTheSameStoreThatIsNotNewerIsIgnored() {
        assertThat(EventApplier.apply(AT_7, "s1", snapshot(5, "s1"))).isNull();
        assertThat(EventApplier.apply(AT_7, "s1", snapshot(7, "s1"))).isNull();
    }

    @Test
    void aSnapshotOfAnotherStoreIsTakenWhateverItsVersion() {
        EventApplier.Update update = EventApplier.apply(AT_7, "s1", snapshot(2, "s2"));
        assertThat(update.next().version()).isEqualTo(2);
        assertThat(update.next().flag("f").environments().get("production").defaultVariant())
                .isEqualTo("off");
        assertThat(update.storeId()).isEqualTo("s2");
        assertThat(update.changedKeys()).containsExactly("f");
    }

    @Test
    void aClientThatDoesNotKnowItsStoreTakesASnapshotThatNamesOne() {
        assertThat(EventApplier.apply(AT_7, null, snapshot(2, "s2")).storeId()).isEqualTo("s2");
    }

    @Test
    void aSnapshotWithoutAStoreIdFromAnOlderServerIsOrderedByVersionAlone() {
        assertThat(EventApplier.apply(AT_7, "s1", snapshot(5, null))).isNull();
        assertThat(EventApplier.apply(AT_7, "s1", snapshot(8, null)).storeId()).isEqualTo("s1");
    }

    @Test
    void deltasKeepTheStoreId() {
        var event = new SseEvent("8", "flag-deleted", "{\"version\":8,\"key\":\"f\"}");
        EventApplier.Update update = EventApplier.apply(AT_7, "s1", event);
        assertThat(update.storeId()).isEqualTo("s1");
        assertThat(update.next().flag("f")).isNull();
    }

    @Test
    void theSnapshotFileKeepsTheStoreIdAndReadsFilesWrittenBeforeStoreIds() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("flags.json"));
        file.write(AT_7, "s1");
        assertThat(file.read().storeId()).isEqualTo("s1");
        assertThat(file.read().flags().version()).isEqualTo(7);

        Files.writeString(file.path(), "{\"version\":3,\"flags\":[],\"segments\":[]}");
        assertThat(file.read().storeId()).isNull();
        assertThat(file.read().flags().version()).isEqualTo(3);
    }

    private static Flag booleanFlag(String key, EnvConfig production) {
        return Flag.of(key, Flag.BOOLEAN, Map.of("on", true, "off", false), Map.of("production", production));
    }

    private static SseEvent snapshot(long version, String storeId) {
        var flags = List.of(booleanFlag("f", EnvConfig.serving("off")));
        String json = FlagJson.write(new StreamMessages.Snapshot(version, storeId, flags, List.of()));
        return new SseEvent(Long.toString(version), "snapshot", json);
    }
}
