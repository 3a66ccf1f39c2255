package dev.gantry.markdown.marked;

/** marked's parser met a token it cannot render in place (e.g. a stray {@code list_item_end}). */
public final class UnknownTokenException extends RuntimeException {
    private final int line;

    public UnknownTokenException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** Input line of the offending token (0 when unknown). */
    public int line() {
        return line;
    }

    /** The offending token's marked type name, parsed back from the message; null when unknown. */
    public String tokenType() {
        String m = getMessage();
        int a = m.indexOf('"');
        int b = a < 0 ? -1 : m.indexOf('"', a + 1);
        return b < 0 ? null : m.substring(a + 1, b);
    }
}
