package dev.gantry.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the robustness corpus ({@code src/test/resources/robustness/cases.txt}). A case is a block
 * of {@code key: value} lines ending with {@code request:}, whose following lines, up to a blank
 * line, are the bytes to send: literal newlines are ignored; {@code \r \n \t \0 \s \\ \xHH} are
 * escapes; {@code {{N*text}}} repeats text N times; {@code {{wait}}} splits the request where the
 * client reads one answer before sending on. Lines starting with # outside a request are comments.
 */
final class RobustnessCorpus {
    static final String RESOURCE = "/robustness/cases.txt";
    private static final Pattern REPEAT = Pattern.compile("\\{\\{(\\d+)\\*(.*?)}}");
    private static final Set<String> KEYS = Set.of(
            "name",
            "why",
            "expect",
            "close",
            "backend",
            "backend-has",
            "backend-lacks",
            "backend-target",
            "backend-body",
            "request");

    private RobustnessCorpus() {}

    static List<RobustnessCase> load() {
        try (InputStream in = RobustnessCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " not on the test classpath");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static List<RobustnessCase> parse(String text) {
        List<RobustnessCase> cases = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        StringBuilder request = null;
        int lineNo = 0;
        for (String line : (text + "\n\n").split("\n", -1)) {
            lineNo++;
            if (request != null && !line.isEmpty()) {
                request.append(line);
            } else if (request != null) {
                cases.add(toCase(fields, request.toString()));
                fields = new LinkedHashMap<>();
                request = null;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int colon = line.indexOf(':');
                String key = colon < 0 ? "" : line.substring(0, colon).strip();
                if (!KEYS.contains(key))
                    throw new IllegalArgumentException("line " + lineNo + ": unknown key '" + key + "'");
                if (key.equals("request")) request = new StringBuilder();
                else
                    fields.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(line.substring(colon + 1).strip());
            }
        }
        if (!fields.isEmpty()) throw new IllegalArgumentException("case " + fields.get("name") + " has no request:");
        checkUnique(cases);
        return cases;
    }

    private static RobustnessCase toCase(Map<String, List<String>> f, String request) {
        String name = one(f, "name", null);
        if (name == null) throw new IllegalArgumentException("a case without name: before request " + request);
        try {
            return new RobustnessCase(
                    name,
                    one(f, "why", ""),
                    segments(request),
                    statuses(one(f, "expect", "")),
                    RobustnessCase.Close.valueOf(one(f, "close", "any").toUpperCase()),
                    counts(one(f, "backend", "")),
                    f.getOrDefault("backend-has", List.of()),
                    list(f.getOrDefault("backend-lacks", List.of())),
                    list(f.getOrDefault("backend-target", List.of())),
                    f.containsKey("backend-body")
                            ? new String(decode(one(f, "backend-body", "")), StandardCharsets.ISO_8859_1)
                            : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("case " + name + ": " + e.getMessage(), e);
        }
    }

    private static String one(Map<String, List<String>> f, String key, String otherwise) {
        List<String> v = f.get(key);
        if (v == null) return otherwise;
        if (v.size() > 1) throw new IllegalArgumentException(key + ": given " + v.size() + " times");
        return v.get(0);
    }

    private static List<String> list(List<String> lines) {
        return lines.stream()
                .flatMap(l -> Arrays.stream(l.split("[,\\s]+")))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** "100? 200|400 200*3": alternatives with |, ? for optional, *N for N in a row. */
    static List<RobustnessCase.StatusSlot> statuses(String expect) {
        if (expect.isBlank()) throw new IllegalArgumentException("expect: must list status codes");
        List<RobustnessCase.StatusSlot> slots = new ArrayList<>();
        for (String token : expect.split("\\s+")) {
            int star = token.indexOf('*');
            int times = star < 0 ? 1 : Integer.parseInt(token.substring(star + 1));
            String codes = star < 0 ? token : token.substring(0, star);
            boolean optional = codes.endsWith("?");
            Set<Integer> set = Arrays.stream(codes.replace("?", "").split("\\|"))
                    .map(Integer::valueOf)
                    .collect(Collectors.toSet());
            for (int i = 0; i < times; i++) slots.add(new RobustnessCase.StatusSlot(Set.copyOf(set), optional));
        }
        return List.copyOf(slots);
    }

    private static Set<Integer> counts(String backend) {
        if (backend.isBlank()) throw new IllegalArgumentException("backend: must give a count such as 0, 1 or 0|1");
        return Arrays.stream(backend.split("\\|"))
                .map(String::strip)
                .map(Integer::valueOf)
                .collect(Collectors.toSet());
    }

    private static List<byte[]> segments(String request) {
        List<byte[]> out = new ArrayList<>();
        for (String part : request.split("\\{\\{wait}}", -1)) out.add(decode(repeat(part)));
        return List.copyOf(out);
    }

    private static String repeat(String s) {
        Matcher m = REPEAT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find())
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    /** Decodes the escapes; any other character must be printable ASCII. */
    static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e)
                throw new IllegalArgumentException("write " + String.format("\\x%02x", (int) c) + " as an escape");
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case 's' -> out.write(' ');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }

    private static void checkUnique(List<RobustnessCase> cases) {
        Set<String> names = new HashSet<>();
        for (RobustnessCase c : cases) {
            if (!names.add(c.name())) throw new IllegalArgumentException("case name " + c.name() + " used twice");
        }
    }
}
