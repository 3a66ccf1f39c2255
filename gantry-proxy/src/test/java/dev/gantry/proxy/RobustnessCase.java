package dev.gantry.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One entry of the robustness corpus: the bytes a client sends (in segments; the client reads one
 * answer between two segments) and what must come of them: the answers' status codes, whether the
 * connection closes, how many requests the backend gets and what it must or must not see.
 * {@link #problems} judges an {@link RobustnessProbe.Outcome} against it.
 */
record RobustnessCase(
        String name,
        String why,
        List<byte[]> segments,
        List<StatusSlot> statuses,
        Close close,
        Set<Integer> backendCounts,
        List<String> backendHas,
        List<String> backendLacks,
        List<String> backendTargets,
        String backendBody) {

    enum Close {
        YES,
        NO,
        ANY
    }

    /** One expected answer: any of {@code codes}; an optional one may be missing. */
    record StatusSlot(Set<Integer> codes, boolean optional) {
        boolean interim() {
            return codes.stream().allMatch(c -> c < 200);
        }

        @Override
        public String toString() {
            return codes.stream().sorted().map(String::valueOf).collect(Collectors.joining("|"))
                    + (optional ? "?" : "");
        }
    }

    RobustnessCase {
        Objects.requireNonNull(name, "name");
        if (segments.isEmpty()) throw new IllegalArgumentException(name + ": request: must not be empty");
        if (backendCounts.isEmpty()) throw new IllegalArgumentException(name + ": backend: must name a count");
    }

    /** How many final (non-1xx) answers the client waits for before it checks the connection. */
    int finalAnswers() {
        return (int) statuses.stream().filter(s -> !s.interim()).count();
    }

    /** The expectation in one short line, for tables and messages. */
    String expected() {
        return statuses.stream().map(StatusSlot::toString).collect(Collectors.joining(" ")) + " close="
                + close.name().toLowerCase() + " backend="
                + backendCounts.stream().sorted().map(String::valueOf).collect(Collectors.joining("|"));
    }

    /** Everything about the outcome that breaks this case's expectation; empty when it holds. */
    List<String> problems(RobustnessProbe.Outcome o) {
        List<String> out = new ArrayList<>();
        if (o.error() != null) out.add(o.error());
        if (!matches(o.statusCodes(), 0, 0)) out.add("answered " + o.statusCodes() + ", expected " + statuses);
        if (close == Close.YES && !o.closed()) out.add("connection stayed open");
        if (close == Close.NO && o.closed()) out.add("connection closed");
        List<RecordedRequest> seen = o.backendRequests();
        if (!backendCounts.contains(seen.size()))
            out.add("backend got " + seen.size() + " requests " + seen + ", expected " + backendCounts);
        seen.stream().filter(r -> !r.clean()).forEach(r -> out.add("backend saw " + r.problem()));
        seen.stream()
                .filter(r -> r.target().contains("smuggled"))
                .forEach(r -> out.add("backend got the smuggled request " + r.target()));
        List<String> targets = seen.stream()
                .map(r -> StrictRequestParser.printable(r.target()))
                .toList();
        if (!o.echoTargets().equals(targets))
            out.add("client got answers for " + o.echoTargets() + " but backend got " + targets);
        checkBackendFields(seen, out);
        if (!backendTargets.isEmpty() && !seen.isEmpty() && !backendTargets.equals(targets))
            out.add("backend targets " + targets + ", expected " + backendTargets);
        if (backendBody != null)
            seen.stream()
                    .filter(r -> !r.bodyText().equals(backendBody))
                    .forEach(r -> out.add("backend body '" + StrictRequestParser.printable(r.bodyText())
                            + "', expected '" + StrictRequestParser.printable(backendBody) + "'"));
        return out;
    }

    private void checkBackendFields(List<RecordedRequest> seen, List<String> out) {
        for (RecordedRequest r : seen) {
            for (String field : backendHas) {
                if (!has(r, field)) out.add("backend did not get '" + field + "' (got " + r.headers() + ")");
            }
            for (String name : backendLacks) {
                if (r.has(name)) out.add("backend got " + name + ": " + r.values(name));
            }
        }
    }

    /** "name" is present, or "name: value" is present with that value (case-insensitive). */
    private static boolean has(RecordedRequest r, String field) {
        int colon = field.indexOf(':');
        if (colon < 0) return r.has(field);
        String value = field.substring(colon + 1).strip();
        return r.values(field.substring(0, colon).strip()).stream().anyMatch(v -> v.equalsIgnoreCase(value));
    }

    private boolean matches(List<Integer> actual, int slot, int at) {
        if (slot == statuses.size()) return at == actual.size();
        StatusSlot s = statuses.get(slot);
        boolean here = at < actual.size() && s.codes().contains(actual.get(at)) && matches(actual, slot + 1, at + 1);
        return here || s.optional() && matches(actual, slot + 1, at);
    }
}
