package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cells of {@code gantry ps} that format numbers. */
class PsCommandTest {
    @Test
    void memoryIsUseOverLimitInTheUnitsOfGantryYml() {
        assertThat(PsCommand.memory(90L << 20, 256L << 20)).isEqualTo("90Mi/256Mi");
        assertThat(PsCommand.memory(3L << 29, 0)).isEqualTo("1.5Gi");
        assertThat(PsCommand.memory(512, 0)).isEqualTo("512");
        assertThat(PsCommand.memory(2047, 1L << 30)).isEqualTo("2.0Ki/1Gi");
    }

    @Test
    void cpuIsPercentOfOneCoreOverTheLimitInCores() {
        assertThat(PsCommand.cpu(12.4, 0.5)).isEqualTo("12%/0.5");
        assertThat(PsCommand.cpu(150, 2)).isEqualTo("150%/2");
        assertThat(PsCommand.cpu(3, 0)).isEqualTo("3%");
    }
}
