package dev.gantry.markdown;

/**
 * An HTTP error answer: status, message, and the input line when there is one (0 = none).
 * Rendered as {@code {"error": "...", "line": N}} (line omitted when unknown).
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final int line;

    ApiError(int status, String message, int line) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.line = line;
    }

    ApiError(int status, String message) {
        this(status, message, 0);
    }

    int status() {
        return status;
    }

    int line() {
        return line;
    }
}
