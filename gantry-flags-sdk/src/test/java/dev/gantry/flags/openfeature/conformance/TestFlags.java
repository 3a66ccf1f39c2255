package dev.gantry.flags.openfeature.conformance;

import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.FlagValidator;
import dev.gantry.flags.internal.StreamMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * OpenFeature's test-flags.json translated into Gantry's model, environment "test": each flag's
 * {@code disabled} becomes {@code enabled: false}, each {@code contextEvaluator} a rule with the
 * same meaning (email equals ...; !customer, email and age > 10), integers and floats become
 * number flags, objects json flags. {@code null-default-flag} and {@code undefined-default-flag}
 * are left out: Gantry requires a default variant, and no applicable scenario uses them.
 */
final class TestFlags {
    static final String ENVIRONMENT = "test";
    private static final FlagSet FLAGS = load();

    private TestFlags() {}

    static FlagSet flags() {
        return FLAGS;
    }

    private static FlagSet load() {
        try (InputStream in = TestFlags.class.getResourceAsStream("/openfeature/gantry-test-flags.json")) {
            var s = FlagJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), StreamMessages.Snapshot.class);
            s.flags().forEach(f -> {
                var problems = FlagValidator.validate(f, Set.of());
                if (!problems.isEmpty()) throw new IllegalStateException(f.key() + ": " + problems);
            });
            return FlagSet.of(s.version(), s.flags(), s.segments());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
