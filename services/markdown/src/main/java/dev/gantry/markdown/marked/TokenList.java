package dev.gantry.markdown.marked;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** marked's token array: the block tokens plus the {@code links} map of reference definitions. */
public final class TokenList extends ArrayList<Token> {
    private final Map<String, LinkDefinition> links;

    public TokenList() {
        this(new HashMap<>());
    }

    public TokenList(Map<String, LinkDefinition> links) {
        this.links = links;
    }

    public Map<String, LinkDefinition> links() {
        return links;
    }

    /** The last token, or null when empty. */
    public Token last() {
        return isEmpty() ? null : get(size() - 1);
    }
}
