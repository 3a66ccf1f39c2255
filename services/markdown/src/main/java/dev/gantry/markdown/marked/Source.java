package dev.gantry.markdown.marked;

/**
 * The text a regex runs over, charging every character access to a {@link Budget} so that a
 * backtracking pattern cannot outlive its deadline.
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
        return text.charAt(index);
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
