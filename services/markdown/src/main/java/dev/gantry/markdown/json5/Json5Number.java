package dev.gantry.markdown.json5;

import java.math.BigInteger;

/** json5 0.5.1's {@code number()}: signs, hex, Infinity/NaN, "Octal literal" and "Bad number" errors. */
final class Json5Number {
    private Json5Number() {}

    static Object parse(Json5Parser p) {
        int sign = 0;
        if (p.ch() == '-' || p.ch() == '+') {
            sign = p.ch();
            p.next(sign);
        }
        if (p.ch() == 'I') {
            Object word = p.wordForNumber();
            double v = (Double) word;
            return sign == '-' ? -v : v;
        }
        if (p.ch() == 'N') {
            return p.wordForNumber();
        }
        StringBuilder s = new StringBuilder();
        boolean hex = false;
        if (p.ch() == '0') {
            s.append('0');
            p.next();
            if (p.ch() == 'x' || p.ch() == 'X') {
                s.append((char) p.ch());
                p.next();
                hex = true;
            } else if (isDigit(p.ch())) {
                throw p.error("Octal literal");
            }
        }
        if (hex) {
            while (Character.digit(p.ch(), 16) >= 0 && p.ch() < 128) {
                s.append((char) p.ch());
                p.next();
            }
        } else {
            decimal(p, s);
        }
        double v = toNumber(s.toString());
        if (sign == '-') {
            v = -v;
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw p.error("Bad number");
        }
        return v;
    }

    private static void decimal(Json5Parser p, StringBuilder s) {
        while (isDigit(p.ch())) {
            s.append((char) p.ch());
            p.next();
        }
        if (p.ch() == '.') {
            s.append('.');
            while (p.next() != -1 && isDigit(p.ch())) {
                s.append((char) p.ch());
            }
        }
        if (p.ch() == 'e' || p.ch() == 'E') {
            s.append((char) p.ch());
            p.next();
            if (p.ch() == '-' || p.ch() == '+') {
                s.append((char) p.ch());
                p.next();
            }
            while (isDigit(p.ch())) {
                s.append((char) p.ch());
                p.next();
            }
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** JavaScript {@code +s} for the strings {@link #parse} builds. */
    private static double toNumber(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return s.length() == 2 ? Double.NaN : new BigInteger(s.substring(2), 16).doubleValue();
        }
        if (s.equals(".")
                || s.startsWith(".e")
                || s.startsWith(".E")
                || s.endsWith("e")
                || s.endsWith("E")
                || s.endsWith("+")
                || s.endsWith("-")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }
}
