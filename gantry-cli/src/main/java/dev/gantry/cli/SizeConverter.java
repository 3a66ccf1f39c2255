package dev.gantry.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte counts on the command line as in gantry.yml: {@code 4096}, {@code 512Ki}, {@code 512Mi}, {@code 1Gi}. */
final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(Ki|Mi|Gi|Ti)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) throw new TypeConversionException("must be a size like 512Mi or 1Gi, was " + value);
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    case "Gi" -> 30;
                    default -> 40;
                };
        if (n < 1) throw new TypeConversionException("must be at least 1 byte, was " + value);
        if (n > Long.MAX_VALUE >> shift) throw new TypeConversionException("too large: " + value);
        return n << shift;
    }
}
