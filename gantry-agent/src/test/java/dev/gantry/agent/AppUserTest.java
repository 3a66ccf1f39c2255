package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppUserTest {
    @Test
    void aPasswdEntryGivesNameIdsAndHome() {
        assertThat(AppUser.parsePasswd("gantry-app:x:998:997::/nonexistent:/usr/sbin/nologin\n"))
                .isEqualTo(new AppUser("gantry-app", 998, 997, Path.of("/nonexistent")));
        assertThatThrownBy(() -> AppUser.parsePasswd("gantry-app")).hasMessage("not a passwd entry: gantry-app");
    }

    @Test
    void aMissingAccountIsCreatedAsASystemUserWithNoHomeAndNoLogin() {
        assertThat(AppUser.createArgv("gantry-app"))
                .isEqualTo(List.of(
                        "useradd",
                        "--system",
                        "--user-group",
                        "--no-create-home",
                        "--home-dir",
                        "/nonexistent",
                        "--shell",
                        "/usr/sbin/nologin",
                        "gantry-app"));
        assertThat(AppUser.lookupArgv("gantry-app")).isEqualTo(List.of("getent", "passwd", "gantry-app"));
    }

    @Test
    void withoutAHomeAnInstanceGetsItsWorkingDirectoryAsHome() {
        assertThat(new AppUser("a", 1, 1, Path.of("/nonexistent")).homeOr(Path.of("/run/gantry/release")))
                .isEqualTo(Path.of("/run/gantry/release"));
        assertThat(new AppUser("a", 1, 1, Path.of("/")).homeOr(Path.of("/w"))).isEqualTo(Path.of("/"));
    }
}
