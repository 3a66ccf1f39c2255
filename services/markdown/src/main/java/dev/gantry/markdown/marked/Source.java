package dev.gantry.markdown.marked;

/**
 * The text a regex runs over, charging every character access to a {@link Budget} so that a
 * backtracking pattern cannot outlive its deadline.
 *
 * <p>JavaScript regexes without the {@code u} flag see UTF-16 code units, java.util.regex sees code
 * points (a surrogate pair is one character to {@code [^_]} or {@code .}). To get JavaScript's
 * behaviour every surrogate unit is shown to the regex as U+FFFD, a character none of marked's
 * rules treat specially; groups are still cut from the original text by {@link #subSequence}.
 */
final class Source implements CharSequence {
    private final String text;
    private final Budget budget;

    Source(String text, Budget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        budget.tick();
        char c = text.charAt(index);
        return Character.isSurrogate(c) ? '\uFFFD' : c;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
