package dev.gantry.cli;

/** A failure to report in one line, with its exit code (1, or 3 for something that does not exist). */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, Main.FAILURE);
    }

    private CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** {@code what} (e.g. "instance hello-7 of hello") does not exist: "... not found", exit code 3. */
    static CliException notFound(String what) {
        return new CliException(what + " not found", Main.NOT_FOUND);
    }

    int exitCode() {
        return exitCode;
    }
}
