package dev.gantry.flags.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The pattern of a {@code matches} condition: RE2 syntax, compiled with RE2/J, so matching takes
 * time linear in the attribute's length whatever the pattern (no backtracking). Refused when longer
 * than {@link #MAX_LENGTH} characters, when it would compile to more than {@link #MAX_INSTRUCTIONS}
 * instructions, or when RE2 cannot express it (backreferences, lookaround, possessive quantifiers,
 * atomic groups).
 */
public final class Regex {
    /** Targeting patterns are tens of characters; a longer list of values belongs in {@code in} or a segment. */
    public static final int MAX_LENGTH = 1_000;
    /**
     * A pattern compiles to about one instruction per character, plus copies for counted repetition;
     * matching costs up to one step per instruction per character of the attribute.
     */
    public static final int MAX_INSTRUCTIONS = 2_000;

    private static final String JAVA_ONLY =
            " (RE2 syntax: no backreferences, lookaround, possessive quantifiers or atomic groups)";

    private Regex() {}

    /** What is wrong with {@code regex}, or null when it compiles within the limits. */
    public static String problem(String regex) {
        try {
            compile(regex);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Compiles {@code regex}; throws IllegalArgumentException saying what is wrong with it. */
    static Pattern compile(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a regex must be at most " + MAX_LENGTH + " characters, got " + regex.length());
        }
        long estimate = RegexSize.of(regex); // before compiling: ((a{1000}){1000}){1000} would fill the heap
        if (estimate > MAX_INSTRUCTIONS) throw tooComplex(estimate);
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex: " + reason(e) + (javaOnly(regex) ? JAVA_ONLY : ""));
        }
        if (pattern.programSize() > MAX_INSTRUCTIONS) throw tooComplex(pattern.programSize());
        return pattern;
    }

    private static IllegalArgumentException tooComplex(long instructions) {
        return new IllegalArgumentException(
                "a regex must compile to at most " + MAX_INSTRUCTIONS + " instructions, got " + instructions
                        + " (a counted repetition such as {100} copies what it repeats)");
    }

    /** RE2/J's message without its "error parsing regexp: " prefix, e.g. "invalid escape sequence: `\1`". */
    private static String reason(PatternSyntaxException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return message.startsWith("error parsing regexp: ") ? message.substring(colon + 2) : message;
    }

    /** Whether java.util.regex, which flags were written for before RE2, accepts the pattern. */
    private static boolean javaOnly(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
