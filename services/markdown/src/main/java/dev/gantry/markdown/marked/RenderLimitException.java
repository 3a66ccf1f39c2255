package dev.gantry.markdown.marked;

/** The input exceeded a render limit (time budget or nesting depth); the original would hang or overflow. */
public final class RenderLimitException extends RuntimeException {
    public RenderLimitException(String message) {
        super(message);
    }
}
