package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.InstanceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {
    private static final AppUser AGENT = new AppUser("gantry", 1000, 1000, Path.of("/tmp"));
    private static final AppUser APP = new AppUser("gantry-app", 998, 997, Path.of(AppUser.NO_HOME));
    private static final Path RELEASE = Path.of("/data/releases/web/3");
    private static final Path LOG = Path.of("/data/logs/web/web-r3-a.log");
    private static final Path ENV_FILE = Path.of("/data/run/web-r3-a.env");
    private static final Cgroup CGROUP = new Cgroup(
            CgroupVersion.V1,
            Path.of("/sys/fs/cgroup/memory/gantry/h/web-r3-a"),
            Path.of("/sys/fs/cgroup/cpu/gantry/h/web-r3-a"));

    private final Launcher asUser = new Launcher("/opt/jdk", 1000, false);
    private final Launcher asRoot = new Launcher("/opt/jdk", 0, true);
    private final InstanceSpec spec = new InstanceSpec(
            "web-r3-a",
            "web",
            3,
            "java -jar web.jar",
            "/health",
            Map.of("MODE", "prod", "PORT", "1", "PATH", "/custom/bin", "GANTRY_SDK_KEY", "sdk-1", "not a name", "x"),
            5);

    @Test
    void theEnvironmentIsTheBaseTheSpecsEnvThenPortAndGantryVariablesWithTheAgentsJdkFirstOnPath() {
        Launcher.Plan plan = asUser.plan(spec, 20005, RELEASE, LOG, ENV_FILE, AGENT, null);

        assertThat(plan.env())
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("PATH", "/opt/jdk/bin:/custom/bin"),
                        Map.entry("HOME", "/tmp"),
                        Map.entry("USER", "gantry"),
                        Map.entry("LOGNAME", "gantry"),
                        Map.entry("LANG", "C.UTF-8"),
                        Map.entry("MODE", "prod"),
                        Map.entry("GANTRY_SDK_KEY", "sdk-1"),
                        Map.entry("PORT", "20005"),
                        Map.entry("GANTRY_APP", "web"),
                        Map.entry("GANTRY_RELEASE", "3"),
                        Map.entry("GANTRY_INSTANCE", "web-r3-a")));
        assertThat(plan.workDir()).isEqualTo(RELEASE);
        assertThat(plan.logFile()).isEqualTo(LOG);
        assertThat(plan.envFile())
                .as("no file: the agent's own account gets the environment directly")
                .isNull();
    }

    @Test
    void withoutAPathInTheSpecTheJdkBinComesBeforeTheDefaultPath() {
        InstanceSpec bare = new InstanceSpec("a", "web", 1, "true", null, null, 0);

        assertThat(asUser.plan(bare, 20000, Path.of("/r"), Path.of("/l"), ENV_FILE, AGENT, null)
                        .env())
                .containsEntry("PATH", "/opt/jdk/bin:/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void anInstanceOfTheAgentsOwnAccountWithoutCgroupIsTheCommandUnderSh() {
        Launcher.Plan plan = asUser.plan(spec, 20005, RELEASE, LOG, ENV_FILE, AGENT, null);

        assertThat(plan.argv()).isEqualTo(withSetsid("/bin/sh", "-c", "java -jar web.jar"));
    }

    @Test
    void anInstanceWithACgroupJoinsItBeforeTheAppRuns() {
        Launcher.Plan plan = asUser.plan(spec, 20005, RELEASE, LOG, ENV_FILE, AGENT, CGROUP);

        assertThat(plan.argv()).isEqualTo(withSetsid("/bin/sh", "-c", """
        echo $$ > '/sys/fs/cgroup/memory/gantry/h/web-r3-a/cgroup.procs' || exit 125
        echo $$ > '/sys/fs/cgroup/cpu/gantry/h/web-r3-a/cgroup.procs' || exit 125
        exec /bin/sh -c "$1\"""", "gantry-instance", "java -jar web.jar"));
    }

    @Test
    void anAgentRunningAsRootStartsTheInstanceAsItsAccountWithItsReleaseMountedPrivatelyAndItsEnvironmentFromAFile() {
        Launcher.Plan plan = asRoot.plan(spec, 20005, RELEASE, LOG, ENV_FILE, APP, CGROUP);

        assertThat(plan.argv())
                .isEqualTo(withSetsid(
                        "/usr/bin/unshare",
                        "--mount",
                        "--propagation",
                        "private",
                        "--",
                        "/bin/sh",
                        "-c",
                        """
        echo $$ > '/sys/fs/cgroup/memory/gantry/h/web-r3-a/cgroup.procs' || exit 125
        echo $$ > '/sys/fs/cgroup/cpu/gantry/h/web-r3-a/cgroup.procs' || exit 125
        exec 3< '/data/run/web-r3-a.env' && /bin/rm -f '/data/run/web-r3-a.env' || exit 126
        /usr/bin/mount --bind '/data/releases/web/3' /run/gantry/release && cd /run/gantry/release || exit 126
        unset OLDPWD
        exec /usr/bin/setpriv --reuid=998 --regid=997 --init-groups -- /bin/sh -c '. /proc/self/fd/3 && exec 3<&- && \
        exec /bin/sh -c "$1"' gantry-instance "$1\"""",
                        "gantry-instance",
                        "java -jar web.jar"));
        assertThat(plan.envFile()).isEqualTo(ENV_FILE);
        assertThat(plan.env())
                .containsEntry("HOME", "/run/gantry/release")
                .containsEntry("USER", "gantry-app")
                .containsEntry("PATH", "/opt/jdk/bin:/custom/bin");
    }

    @Test
    void valuesAreSingleQuotedForTheShell() {
        assertThat(Launcher.quote("it's $HOME")).isEqualTo("'it'\\''s $HOME'");
    }

    private static List<String> withSetsid(String... argv) {
        List<String> out = new ArrayList<>();
        if (Launcher.usesSetsid()) out.add(Launcher.SETSID);
        out.addAll(List.of(argv));
        return out;
    }
}
