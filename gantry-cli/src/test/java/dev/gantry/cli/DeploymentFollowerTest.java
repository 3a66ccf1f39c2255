package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentFollowerTest {
    @Test
    void plain_drops_colours_cursor_moves_titles_and_stray_escapes_and_keeps_the_text() {
        assertThat(DeploymentFollower.plain("\u001B[1;32m[INFO]\u001B[m BUILD \u001B[0mSUCCESS\u001B[0m"))
                .isEqualTo("[INFO] BUILD SUCCESS");
        assertThat(DeploymentFollower.plain("\u001B[2K\u001B[1Gprogress 50%")).isEqualTo("progress 50%");
        assertThat(DeploymentFollower.plain("\u001B]0;title\u0007text \u001B]8;;http://x\u001B\\link"))
                .isEqualTo("text link");
        assertThat(DeploymentFollower.plain("a\u001Bb \u001B")).isEqualTo("ab ");
        assertThat(DeploymentFollower.plain("no escapes: [1m stays")).isEqualTo("no escapes: [1m stays");
    }
}
