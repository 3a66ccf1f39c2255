package dev.gantry.markdown.marked;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reusable {@link Matcher} per rule for one lexer, re-targeted on every use. A caller must read
 * what it needs from a match before the same rule is matched again (e.g. by a recursive call).
 */
final class MatcherCache {
    private final Map<Pattern, Matcher> matchers = new IdentityHashMap<>();

    /** {@code rule} matched at exactly {@code pos} of {@code text}, or null. */
    Matcher lookingAt(Pattern rule, CharSequence text, int pos) {
        Matcher m = matchers.get(rule);
        if (m == null) {
            m = rule.matcher(text);
            matchers.put(rule, m);
        } else {
            m.reset(text);
        }
        m.region(pos, text.length());
        return m.lookingAt() ? m : null;
    }
}
