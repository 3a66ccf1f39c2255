package dev.gantry.server.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryStoreTest {
    @TempDir
    Path data;

    @Test
    void aRepositoryIsNamedForItsApp() {
        assertThat(RepositoryStore.appOf("hello.git")).isEqualTo("hello");
        assertThat(RepositoryStore.appOf("hello")).isEqualTo("hello");
    }

    @Test
    void aNameThatIsNoAppNameIsRefusedNamingIt() {
        for (String bad : new String[] {"..", "...git", "a/b.git", "Hello.git", ".git", "-x.git", "a..git", "%2e%2e"}) {
            assertThatThrownBy(() -> RepositoryStore.appOf(bad))
                    .as(bad)
                    .isInstanceOf(GitRefusal.class)
                    .hasMessageEndingWith("was " + bad);
        }
    }

    @Test
    void aRepositoryMadeByARefusedPushIsRemovedAndOneWithARefStays() throws Exception {
        RepositoryStore store = new RepositoryStore(data);
        try (Repository repo = store.openOrCreate("hello")) {
            assertThat(repo.isBare()).isTrue();
            assertThat(repo.getConfig().getBoolean("receive", "fsckObjects", false))
                    .isTrue();
            assertThat(repo.exactRef("HEAD").getTarget().getName()).isEqualTo("refs/heads/main");
        }
        assertThat(Files.getPosixFilePermissions(store.directory("hello")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");

        assertThat(store.deleteIfEmpty("hello")).isTrue();
        assertThat(store.directory("hello")).doesNotExist();
        assertThat(store.open("hello")).isEmpty();
    }
}
