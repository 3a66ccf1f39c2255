package dev.gantry.flags.internal;

/**
 * A semantic version (2.0.0) for the semver operators: {@code 1.2.3}, optional leading {@code v},
 * optional {@code -prerelease} and {@code +build} (build is ignored when comparing).
 */
public record Semver(long major, long minor, long patch, String prerelease) implements Comparable<Semver> {

    /** The parsed version, or null when {@code text} is not a semantic version. */
    public static Semver parse(String text) {
        if (text == null) return null;
        String s = text.startsWith("v") ? text.substring(1) : text;
        int plus = s.indexOf('+');
        if (plus >= 0) s = s.substring(0, plus);
        int dash = s.indexOf('-');
        String pre = dash >= 0 ? s.substring(dash + 1) : null;
        String core = dash >= 0 ? s.substring(0, dash) : s;
        String[] parts = core.split("\\.", -1);
        if (parts.length != 3 || (pre != null && pre.isEmpty())) return null;
        try {
            return new Semver(number(parts[0]), number(parts[1]), number(parts[2]), pre);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long number(String part) {
        if (part.isEmpty() || !part.chars().allMatch(Character::isDigit)) throw new NumberFormatException(part);
        return Long.parseLong(part);
    }

    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (prerelease == null || o.prerelease == null) {
            return prerelease == null ? (o.prerelease == null ? 0 : 1) : -1;
        }
        return comparePrerelease(prerelease.split("\\."), o.prerelease.split("\\."));
    }

    private static int comparePrerelease(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = compareIdentifier(a[i], b[i]);
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bn = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (an && bn) return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        if (an != bn) return an ? -1 : 1;
        return a.compareTo(b);
    }
}
