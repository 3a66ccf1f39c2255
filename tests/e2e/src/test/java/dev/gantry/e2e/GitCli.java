package dev.gantry.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} a developer runs, in one working tree, with an isolated {@code HOME} (no user or system
 * configuration, no credential helper) and terminal prompts off, so a missing credential fails instead of asking.
 */
final class GitCli {
    private final Path work;
    private final Path home;

    record Run(int exit, String output) {}

    private GitCli(Path work, Path home) {
        this.work = work;
        this.home = home;
    }

    /** A new repository on branch main in {@code work}, committing as a test user. */
    static GitCli init(Path work, Path home) throws Exception {
        Files.createDirectories(work);
        Files.createDirectories(home);
        GitCli git = new GitCli(work, home);
        git.ok("init", "-q", "-b", "main");
        git.ok("config", "user.name", "Push Test");
        git.ok("config", "user.email", "push@test.invalid");
        return git;
    }

    Path work() {
        return work;
    }

    /** Writes {@code files} (path to content; a {@code .sh} file is made executable), then commits them all. */
    void commit(String message, Map<String, String> files) throws Exception {
        for (var f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            if (f.getKey().endsWith(".sh")) p.toFile().setExecutable(true);
        }
        ok("add", "-A");
        ok("commit", "-q", "-m", message);
    }

    String head() throws Exception {
        return ok("rev-parse", "HEAD").strip();
    }

    String ok(String... args) throws Exception {
        Run r = run(args);
        if (r.exit() != 0) throw new AssertionError("git " + String.join(" ", args) + " failed: " + r.output());
        return r.output();
    }

    /** {@code git ARGS} in the working tree, to its end (at most five minutes), stdout and stderr together. */
    Run run(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(home, "git-", ".out");
        ProcessBuilder b = new ProcessBuilder(argv)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Map<String, String> env = b.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "/bin/false");
        env.put("LC_ALL", "C");
        Process p = b.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "git " + String.join(" ", args) + " did not end in 5 minutes: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out));
    }
}
