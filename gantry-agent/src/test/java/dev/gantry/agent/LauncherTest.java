package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.InstanceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {
  private final Launcher launcher = new Launcher("/opt/jdk");
  private final InstanceSpec spec = new InstanceSpec("web-r3-a", "web", 3, "java -jar web.jar", "/health",
      Map.of("MODE", "prod", "PORT", "1", "PATH", "/custom/bin"), 5);

  @Test
  void theCommandRunsUnderShWithPortGantryVariablesAndTheAgentsJdkFirstOnPath() {
    Launcher.Plan plan = launcher.plan(spec, 20005, Path.of("/data/releases/web/3"), Path.of("/data/logs/web/web-r3-a.log"),
        Map.of("HOME", "/root", "PATH", "/usr/bin"));

    assertThat(plan.argv()).isEqualTo(Launcher.argv("java -jar web.jar"));
    assertThat(plan.argv()).endsWith("/bin/sh", "-c", "java -jar web.jar");
    assertThat(plan.env()).isEqualTo(Map.of("HOME", "/root", "MODE", "prod", "PORT", "20005", "GANTRY_APP", "web",
        "GANTRY_RELEASE", "3", "GANTRY_INSTANCE", "web-r3-a", "PATH", "/opt/jdk/bin:/custom/bin"));
    assertThat(plan.workDir()).isEqualTo(Path.of("/data/releases/web/3"));
    assertThat(plan.logFile()).isEqualTo(Path.of("/data/logs/web/web-r3-a.log"));
  }

  @Test
  void withoutAnyPathTheJdkBinIsThePath() {
    InstanceSpec bare = new InstanceSpec("a", "web", 1, "true", null, null, 0);

    assertThat(launcher.plan(bare, 20000, Path.of("/r"), Path.of("/l"), Map.of()).env()).containsEntry("PATH", "/opt/jdk/bin");
  }
}
