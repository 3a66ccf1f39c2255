package dev.gantry.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an {@code ansible-playbook} run did, read from the output of Gantry's stdout callback {@code gantry_json} (deploy/ansible/callback_plugins): how many
 * tasks changed something on each host (by host name), and every failed task with its host and name.
 */
public record PlaybookResult(Map<String, Integer> changed, List<Failure> failures) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PlaybookResult {
        changed = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(changed));
        failures = List.copyOf(failures);
    }

    /** A task that failed (or a host that could not be reached) on one host. */
    public record Failure(String host, String task, String message) {
        @Override
        public String toString() {
            return "task '" + task + "' failed on " + host + ": " + message;
        }
    }

    /** Changed tasks over all hosts. */
    public int changedTasks() {
        return changed.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** Parses the output of the {@code gantry_json} callback; IOException when it is not that. */
    public static PlaybookResult parse(String json) throws IOException {
        int start = json.indexOf("{\"stats\"");
        if (start < 0) throw new IOException("ansible-playbook printed no result: " + json.strip());
        JsonNode root = MAPPER.readTree(json.substring(start));
        Map<String, Integer> changed = new java.util.TreeMap<>();
        root.path("stats")
                .properties()
                .forEach(e ->
                        changed.put(e.getKey(), e.getValue().path("changed").asInt()));
        List<Failure> failures = new ArrayList<>();
        for (JsonNode task : root.path("tasks")) {
            String status = task.path("status").asText();
            if (status.equals("failed") || status.equals("unreachable")) {
                failures.add(new Failure(
                        task.path("host").asText(), task.path("task").asText(), message(task)));
            }
        }
        return new PlaybookResult(changed, failures);
    }

    private static String message(JsonNode task) {
        return task.path("msg")
                .asText("")
                .strip()
                .lines()
                .reduce((a, b) -> a + " / " + b)
                .orElse("failed");
    }
}
