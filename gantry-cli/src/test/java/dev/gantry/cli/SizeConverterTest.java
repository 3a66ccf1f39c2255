package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {
    final SizeConverter sizes = new SizeConverter();

    @Test
    void sizesAreBytesOrBinaryUnitsAsInGantryYml() {
        assertThat(sizes.convert("4096")).isEqualTo(4096L);
        assertThat(sizes.convert("512Ki")).isEqualTo(512L << 10);
        assertThat(sizes.convert("512Mi")).isEqualTo(512L << 20);
        assertThat(sizes.convert("1Gi")).isEqualTo(1L << 30);
    }

    @Test
    void anythingElseIsRefusedWithTheValue() {
        assertThatThrownBy(() -> sizes.convert("1GB"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("must be a size like 512Mi or 1Gi, was 1GB");
        assertThatThrownBy(() -> sizes.convert("0")).hasMessage("must be at least 1 byte, was 0");
    }
}
