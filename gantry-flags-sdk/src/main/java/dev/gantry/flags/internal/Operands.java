package dev.gantry.flags.internal;

import java.util.List;

/**
 * A condition's operands prepared once: as strings, and as numbers where they parse (NaN where not),
 * so comparing an attribute allocates nothing; string hashes are kept so most misses cost one compare.
 */
record Operands(String[] strings, double[] numbers, int[] hashes) {

    static Operands of(List<Object> values) {
        String[] strings = new String[values.size()];
        double[] numbers = new double[values.size()];
        int[] hashes = new int[values.size()];
        for (int i = 0; i < strings.length; i++) {
            Object v = values.get(i);
            strings[i] = String.valueOf(v);
            numbers[i] = toDouble(v);
            hashes[i] = strings[i].hashCode();
        }
        return new Operands(strings, numbers, hashes);
    }

    static double toDouble(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** True when the attribute equals operand i (numbers numerically, everything else as text). */
    boolean equalsAt(int i, Object attribute) {
        if (attribute instanceof String s)
            return s.hashCode() == hashes[i] && s.equals(strings[i]); // hash first: cheap misses
        if (attribute instanceof Number n) return n.doubleValue() == numbers[i];
        if (attribute instanceof Boolean b) return (b ? "true" : "false").equals(strings[i]);
        return String.valueOf(attribute).equals(strings[i]);
    }

    boolean anyEquals(Object attribute) {
        for (int i = 0; i < strings.length; i++) if (equalsAt(i, attribute)) return true;
        return false;
    }
}
