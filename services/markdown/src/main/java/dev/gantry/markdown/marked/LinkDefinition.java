package dev.gantry.markdown.marked;

/** A reference-link definition {@code [id]: href "title"}; {@code title} may be null. */
public record LinkDefinition(String href, String title) {
    public LinkDefinition {
        if (href == null) {
            throw new IllegalArgumentException("href must not be null");
        }
    }
}
