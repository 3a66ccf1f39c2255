package dev.gantry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void aMessageThatStartsWithAFieldNamesIt() {
        assertThat(Errors.field("instances: must be 0..100, was -1")).isEqualTo("instances");
        assertThat(Errors.field("environments.production.rules[0].variant: unknown variant \"blue\""))
                .isEqualTo("environments.production.rules[0].variant");
        assertThat(Errors.field("percentages.on: must be between 0 and 100, got -10.0"))
                .isEqualTo("percentages.on");
    }

    @Test
    void aMessageThatDoesNotNamesNoField() {
        assertThat(Errors.field("wrong token")).isNull();
        assertThat(Errors.field("flag occ was changed by bob at 2026-01-01T00:00:00Z (version 2); reload and retry"))
                .isNull();
        assertThat(Errors.field("invalid flag banner: environments: unknown")).isNull();
        assertThat(Errors.field(null)).isNull();
    }
}
