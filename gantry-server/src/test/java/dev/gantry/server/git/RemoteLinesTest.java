package dev.gantry.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteLinesTest {
    @Test
    void terminalEscapesAndOtherControlCharactersAreDropped() {
        assertThat(RemoteLines.clean("\u001b[31mFAIL\u001b[0m\tFooTest\r")).isEqualTo("[31mFAIL[0m FooTest");
        assertThat(RemoteLines.clean("ok \u009b2J")).isEqualTo("ok 2J");
    }

    @Test
    void aLongLineIsCut() {
        String cut = RemoteLines.clean("x".repeat(5_000));

        assertThat(cut).hasSize(RemoteLines.MAX_LINE + 1).endsWith("x…");
    }
}
