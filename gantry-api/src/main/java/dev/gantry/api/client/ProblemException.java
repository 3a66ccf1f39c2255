package dev.gantry.api.client;

import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import java.io.IOException;

/**
 * The control plane answered with an error status; {@link #problem()} is its problem body (or,
 * from something that is not the control plane, one made up from the status and the text).
 */
public final class ProblemException extends IOException {
    private final transient Problem problem;

    public ProblemException(String method, String uri, Problem problem) {
        super(method + " " + uri + ": " + problem.status() + " " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public ProblemType type() {
        return problem.kind();
    }
}
