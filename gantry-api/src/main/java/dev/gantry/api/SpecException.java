package dev.gantry.api;

import java.util.List;

/** A gantry.yml that cannot be used; every problem names the field and the line. */
public final class SpecException extends IllegalArgumentException {
    private final List<String> problems;

    public SpecException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
