package dev.gantry.markdown.marqdown;

import dev.gantry.markdown.json5.JsObject;
import dev.gantry.markdown.json5.Json5Parser;
import dev.gantry.markdown.marked.JsText;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/** The JavaScript semantics marqdown relies on for JSON5 values: property lookup, truthiness, {@code > 1}. */
final class JsValues {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|[0-9]+\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?)");
    private static final Pattern RADIX = Pattern.compile("0([xXoObB])([0-9a-fA-F]+)");

    private JsValues() {}

    /** {@code value[key]} for a non-null value; {@code undefined} unless it is an object. */
    static Object get(Object value, String key) {
        return value instanceof JsObject o ? o.get(key) : Json5Parser.UNDEFINED;
    }

    static boolean isNullish(Object v) {
        return v == Json5Parser.NULL || v == Json5Parser.UNDEFINED;
    }

    static boolean truthy(Object v) {
        if (isNullish(v)) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        return true;
    }

    /** {@code v > 1} with JavaScript's relational comparison (ToNumber on the left). */
    static boolean greaterThanOne(Object v) {
        return toNumber(v) > 1;
    }

    /**
     * JavaScript ToNumber. Plain objects give NaN; an object whose prototype was replaced by an
     * array via {@code __proto__} is also treated as NaN (JavaScript would call the array's toString).
     */
    static double toNumber(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v == Json5Parser.NULL) {
            return 0;
        }
        if (v instanceof String s) {
            return stringToNumber(s);
        }
        if (v instanceof List<?> list) {
            return stringToNumber(join(list));
        }
        return Double.NaN;
    }

    static double stringToNumber(String raw) {
        String s = JsText.trim(raw);
        if (s.isEmpty()) {
            return 0;
        }
        if (DECIMAL.matcher(s).matches()) {
            return s.endsWith("Infinity")
                    ? (s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : Double.parseDouble(s);
        }
        var m = RADIX.matcher(s);
        if (m.matches()) {
            int radix = switch (Character.toLowerCase(m.group(1).charAt(0))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            try {
                return new BigInteger(m.group(2), radix).doubleValue();
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** {@code Array.prototype.join(",")} (what ToPrimitive does to an array). */
    static String join(List<?> list) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object e = list.get(i);
            if (isNullish(e)) {
                continue;
            }
            if (e instanceof List<?> inner) {
                out.append(join(inner));
            } else if (e instanceof Double d) {
                out.append(d == Math.rint(d) && Math.abs(d) < 1e21 ? String.valueOf(d.longValue()) : d.toString());
            } else if (e instanceof JsObject) {
                out.append("[object Object]");
            } else {
                out.append(e);
            }
        }
        return out.toString();
    }
}
