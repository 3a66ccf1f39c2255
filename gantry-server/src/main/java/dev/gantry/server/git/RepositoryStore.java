package dev.gantry.server.git;

import dev.gantry.api.archive.TarGz;
import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The bare repositories pushes land in, one per app: {@code dataDir/git/{app}.git}, owner-only. A repository is
 * made by the first push that reaches it ({@link #openOrCreate}) and removed again when that push stored no ref
 * ({@link #deleteIfEmpty}), so a refused first push leaves nothing behind. Hooks in these repositories are never
 * run: JGit's receive-pack runs only the hooks given to it in code.
 */
final class RepositoryStore {
    /** What {@code dev.gantry.api.AppSpec} accepts as an app name: no dots, no slashes, so no way out of the store. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final Path root;

    RepositoryStore(Path dataDir) {
        this.root = dataDir.resolve("git");
    }

    /**
     * The app a request path's repository segment names ({@code hello.git}, or {@code hello}); refuses anything
     * that is not an app name, naming it.
     */
    static String appOf(String segment) {
        String app = segment.endsWith(".git") ? segment.substring(0, segment.length() - 4) : segment;
        if (!NAME.matcher(app).matches()) {
            throw new GitRefusal(
                    400,
                    "repository: must be an app name (lowercase letters, digits and dashes, starting with a letter)"
                            + " followed by .git, was " + segment);
        }
        return app;
    }

    Path directory(String app) {
        return root.resolve(app + ".git");
    }

    boolean exists(String app) {
        return Files.isDirectory(directory(app));
    }

    /** The app's repository, when a push has made it. */
    Optional<Repository> open(String app) throws IOException {
        return exists(app) ? Optional.of(new FileRepository(directory(app).toFile())) : Optional.empty();
    }

    /** The app's repository, made (bare, owner-only) when it does not exist yet. */
    synchronized Repository openOrCreate(String app) throws IOException {
        if (exists(app)) return new FileRepository(directory(app).toFile());
        OwnerOnly.directories(root);
        Path dir = directory(app);
        Repository repo = new FileRepository(dir.toFile());
        repo.create(true);
        StoredConfig config = repo.getConfig();
        config.setBoolean("receive", null, "fsckObjects", true);
        config.setBoolean("receive", null, "autogc", false); // no gc thread racing the removal of a refused push
        config.save();
        repo.updateRef(Constants.HEAD).link(PushDeploy.DEPLOY_BRANCH); // what a clone checks out
        OwnerOnly.restrict(dir);
        return repo;
    }

    /** Removes the app's repository when it holds no ref (a refused first push); true when it did. */
    synchronized boolean deleteIfEmpty(String app) throws IOException {
        if (!exists(app)) return false;
        try (Repository repo = new FileRepository(directory(app).toFile())) {
            if (!repo.getRefDatabase().getRefs().isEmpty()) return false;
        }
        TarGz.deleteTree(directory(app));
        return true;
    }
}
