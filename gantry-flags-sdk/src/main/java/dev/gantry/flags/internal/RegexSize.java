package dev.gantry.flags.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper bound on the instructions RE2/J compiles a pattern to, read from its text without
 * compiling it. RE2/J expands a counted repetition into copies of what it repeats, so a short
 * pattern can be huge: {@code ((a{1000}){1000}){1000}} is 24 characters and 10^9 instructions,
 * enough to exhaust the heap while compiling. A literal, class, escape or assertion is one
 * instruction, a capture adds two, {@code |}, {@code *}, {@code +} and {@code ?} one each; x{n,m}
 * is n copies of x and m - n copies of x?. Text that is not valid RE2 gets some bound; the compiler
 * refuses it afterwards.
 */
final class RegexSize {
    private static final long CAP = 1L << 40; // far above any limit, far below overflow
    private static final int PROGRAM_OVERHEAD = 2; // the fail and the match instructions

    private final String re;
    private int i;
    private final Deque<Group> open = new ArrayDeque<>();
    private Group group = new Group(false);

    private RegexSize(String re) {
        this.re = re;
    }

    static long of(String regex) {
        return new RegexSize(regex).measure();
    }

    private long measure() {
        while (i < re.length()) step(re.charAt(i));
        while (!open.isEmpty()) close(); // unbalanced: the compiler will say so
        return Math.min(CAP, group.size() + PROGRAM_OVERHEAD);
    }

    private void step(char c) {
        switch (c) {
            case '\\' -> escape();
            case '[' -> {
                skipClass();
                group.atom(1);
            }
            case '(' -> openGroup();
            case ')' -> {
                i++;
                if (open.isEmpty()) group.atom(1);
                else close();
            }
            case '|' -> {
                i++;
                group.alternative();
            }
            case '*', '+', '?' -> {
                i++;
                if (i < re.length() && re.charAt(i) == '?') i++; // non-greedy
                group.repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1);
            }
            case '{' -> countedRepeat();
            default -> {
                i++;
                group.atom(1);
            }
        }
    }

    private void escape() {
        i++; // the backslash
        if (i >= re.length()) return;
        char c = re.charAt(i++);
        if (c == 'Q') {
            int end = re.indexOf("\\E", i);
            int stop = end < 0 ? re.length() : end;
            for (; i < stop; i++) group.atom(1);
            i = end < 0 ? stop : end + 2;
            return;
        }
        if ((c == 'p' || c == 'P' || c == 'x') && i < re.length() && re.charAt(i) == '{') skipPast('}');
        else if ((c == 'p' || c == 'P') && i < re.length()) i++; // \pL
        group.atom(1);
    }

    /** From '[' to its ']': a leading ']' is literal, [:alpha:] and escapes are skipped whole. */
    private void skipClass() {
        i++;
        if (i < re.length() && re.charAt(i) == '^') i++;
        if (i < re.length() && re.charAt(i) == ']') i++;
        while (i < re.length() && re.charAt(i) != ']') {
            if (re.startsWith("[:", i) && re.indexOf(":]", i + 2) >= 0) {
                i = re.indexOf(":]", i + 2) + 2;
            } else if (re.charAt(i) == '\\' && i + 1 < re.length()) {
                char c = re.charAt(i + 1);
                i += 2;
                if ((c == 'p' || c == 'P' || c == 'x') && i < re.length() && re.charAt(i) == '{') skipPast('}');
            } else {
                i++;
            }
        }
        i++; // the ']'
    }

    private void openGroup() {
        i++;
        boolean capture = true;
        if (re.startsWith("?P<", i) || re.startsWith("?<", i)) {
            skipPast('>');
        } else if (re.startsWith("?", i)) {
            int j = i + 1;
            while (j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':') j++;
            i = j + 1;
            if (j >= re.length() || re.charAt(j) == ')') return; // (?i): flags only, no group
            capture = false;
        }
        open.push(group);
        group = new Group(capture);
    }

    private void close() {
        long size = group.size() + (group.capture ? 2 : 0);
        group = open.pop();
        group.atom(size);
    }

    /** {n}, {n,} or {n,m}; anything else is a literal '{'. */
    private void countedRepeat() {
        int j = i + 1;
        int min = 0;
        int digits = 0;
        for (; j < re.length() && isDigit(re.charAt(j)); j++, digits++) min = count(min, re.charAt(j));
        if (digits == 0 || j >= re.length()) {
            literalBrace();
            return;
        }
        int max = min;
        if (re.charAt(j) == ',') {
            j++;
            max = -1;
            for (int d = 0; j < re.length() && isDigit(re.charAt(j)); j++, d++)
                max = count(d == 0 ? 0 : max, re.charAt(j));
        }
        if (j >= re.length() || re.charAt(j) != '}') {
            literalBrace();
            return;
        }
        i = j + 1;
        if (i < re.length() && re.charAt(i) == '?') i++; // non-greedy
        group.repeat(min, max);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A repeat count with one more digit, kept small enough not to overflow (RE2 refuses over 1000). */
    private static int count(int sofar, char digit) {
        return (int) Math.min(100_000, sofar * 10L + (digit - '0'));
    }

    private void literalBrace() {
        i++;
        group.atom(1);
    }

    private void skipPast(char c) {
        int end = re.indexOf(c, i);
        i = end < 0 ? re.length() : end + 1;
    }

    /** One group being read: its finished alternatives, the current one, and that one's last atom. */
    private static final class Group {
        final boolean capture;
        long alternatives;
        long current;
        long last = -1; // none: a repetition here has nothing to repeat

        Group(boolean capture) {
            this.capture = capture;
        }

        void atom(long size) {
            current = Math.min(CAP, current + size);
            last = size;
        }

        void alternative() {
            alternatives =
                    Math.min(CAP, alternatives + Math.max(current, 1) + 1); // an empty one is a no-op instruction
            current = 0;
            last = -1;
        }

        /** x{min,max}, max -1 for no maximum; x* is {0,} (compiled as (x+)? when x may match empty), x+ {1,}, x? {0,1}. */
        void repeat(int min, int max) {
            if (last < 0) {
                atom(1);
                return;
            }
            long x = last;
            long copies = max >= 0 ? min * x + (long) Math.max(0, max - min) * (x + 1) : min == 0 ? x + 2 : min * x + 1;
            copies = Math.max(copies, 1); // x{0} is a no-op instruction
            current = Math.min(CAP, current - x + copies);
            last = copies;
        }

        long size() {
            return Math.min(CAP, alternatives + Math.max(current, 1));
        }
    }
}
