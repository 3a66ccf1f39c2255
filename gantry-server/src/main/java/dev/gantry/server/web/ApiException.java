package dev.gantry.server.web;

import dev.gantry.api.ProblemType;
import java.util.List;

/** An HTTP error with an exact message; {@link Errors} turns it into a problem body. */
public final class ApiException extends RuntimeException {
    private final ProblemType type;
    private final int status;
    private final List<String> problems;

    /** An error of the usual kind for {@code status} (400 bad request, 404 not found, ...). */
    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, List<String> problems) {
        this(ProblemType.forStatus(status), status, message, problems);
    }

    public ApiException(ProblemType type, int status, String message, List<String> problems) {
        super(message);
        this.type = type;
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** A host's agent did not answer for it: 503 when it has not reported, 502 when it answered wrongly. */
    public static ApiException agentUnavailable(int status, String message) {
        return new ApiException(ProblemType.AGENT_UNAVAILABLE, status, message, List.of());
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }
}
