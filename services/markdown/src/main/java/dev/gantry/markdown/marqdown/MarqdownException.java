package dev.gantry.markdown.marqdown;

/** Where the original {@code marqdown.render} throws: what is wrong and on which input line (1-based). */
public final class MarqdownException extends RuntimeException {
    private final int line;

    public MarqdownException(String message, int line) {
        super(message);
        if (line < 1) {
            throw new IllegalArgumentException("line < 1: " + line);
        }
        this.line = line;
    }

    public int line() {
        return line;
    }
}
