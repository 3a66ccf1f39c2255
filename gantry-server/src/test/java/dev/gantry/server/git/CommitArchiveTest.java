package dev.gantry.server.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.archive.ArchiveException;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.archive.TarGz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void aCommitBecomesTheUploadItsTreeIsWithGitsModesAndWithoutSubmodules() throws Exception {
        try (Repository repo = new RepositoryStore(tmp.resolve("data")).openOrCreate("hello")) {
            RevCommit commit = commit(repo, "run.sh", FileMode.EXECUTABLE_FILE, "#!/bin/sh\necho hi\n");

            CommitArchive.Written written =
                    CommitArchive.write(repo, commit, tmp.resolve("uploads"), ArchiveLimits.DEFAULT);
            Path out = tmp.resolve("out");
            TarGz.unpack(written.file(), out, ArchiveLimits.DEFAULT);

            assertThat(Files.readString(out.resolve("gantry.yml"))).isEqualTo("name: hello\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("run.sh"))))
                    .isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("gantry.yml"))))
                    .isEqualTo("rw-r--r--");
            assertThat(written.submodules()).containsExactly("vendor/lib");
            assertThat(out.resolve("vendor")).doesNotExist();
        }
    }

    @Test
    void aLinkOutOfTheTreeIsRefusedWhereAnUploadsWouldBe() throws Exception {
        try (Repository repo = new RepositoryStore(tmp.resolve("data")).openOrCreate("hello")) {
            RevCommit commit = commit(repo, "secrets", FileMode.SYMLINK, "../../../etc/shadow");

            CommitArchive.Written written =
                    CommitArchive.write(repo, commit, tmp.resolve("uploads"), ArchiveLimits.DEFAULT);

            assertThatThrownBy(() -> TarGz.unpack(written.file(), tmp.resolve("out"), ArchiveLimits.DEFAULT))
                    .isInstanceOf(ArchiveException.class)
                    .hasMessageContaining("secrets");
        }
    }

    @Test
    void aTreePastTheUnpackLimitIsRefusedBeforeItIsWritten() throws Exception {
        try (Repository repo = new RepositoryStore(tmp.resolve("data")).openOrCreate("hello")) {
            RevCommit commit = commit(repo, "big.txt", FileMode.REGULAR_FILE, "x".repeat(4096));

            assertThatThrownBy(() -> CommitArchive.write(
                            repo, commit, tmp.resolve("uploads"), ArchiveLimits.DEFAULT.withMaxBytes(1024)))
                    .hasMessage("the commit's files pass the 1 KiB unpack limit (gantry server --unpack-max-size)");
            try (var left = Files.list(tmp.resolve("uploads"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    /** A commit of gantry.yml, {@code name} with {@code mode}, and a submodule at vendor/lib. */
    private static RevCommit commit(Repository repo, String name, FileMode mode, String content) throws Exception {
        try (ObjectInserter in = repo.newObjectInserter();
                RevWalk walk = new RevWalk(repo)) {
            TreeFormatter vendor = new TreeFormatter();
            vendor.append("lib", FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            java.util.TreeMap<String, java.util.Map.Entry<FileMode, ObjectId>> entries = new java.util.TreeMap<>();
            entries.put("gantry.yml", java.util.Map.entry(FileMode.REGULAR_FILE, blob(in, "name: hello\n")));
            entries.put(name, java.util.Map.entry(mode, blob(in, content)));
            entries.put("vendor", java.util.Map.entry(FileMode.TREE, in.insert(vendor)));
            TreeFormatter root = new TreeFormatter(); // entries in git's order (by name)
            entries.forEach((n, e) -> root.append(n, e.getKey(), e.getValue()));
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(in.insert(root));
            PersonIdent me = new PersonIdent("Test", "test@test.invalid");
            c.setAuthor(me);
            c.setCommitter(me);
            c.setMessage("test\n");
            ObjectId id = in.insert(c);
            in.flush();
            return walk.parseCommit(id);
        }
    }

    private static ObjectId blob(ObjectInserter in, String content) throws Exception {
        return in.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    }
}
