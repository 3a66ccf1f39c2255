package dev.gantry.markdown.json5;

/** A json5 0.5.1 syntax error, with its message and position as the original reports them. */
public final class Json5Exception extends RuntimeException {
    private final int at;
    private final int lineNumber;
    private final int columnNumber;

    Json5Exception(String message, int at, int lineNumber, int columnNumber) {
        super(message);
        this.at = at;
        this.lineNumber = lineNumber;
        this.columnNumber = columnNumber;
    }

    /** json5's {@code error.at}: index just past the offending character. */
    public int at() {
        return at;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public int columnNumber() {
        return columnNumber;
    }
}
