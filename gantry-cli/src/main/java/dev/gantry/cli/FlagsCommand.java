package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.flags.AuditEntry;
import dev.gantry.api.flags.FlagRolloutChange;
import dev.gantry.api.flags.FlagToggle;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagValidator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry flags ...}: feature flags through the control plane's API. Every write needs --reason. */
@Command(
        name = "flags",
        description = "Feature flags: list, get, set, on, off, rollout, history, delete.",
        subcommands = {
            FlagsCommand.List.class,
            FlagsCommand.Get.class,
            FlagsSetCommand.class,
            FlagsCommand.On.class,
            FlagsCommand.Off.class,
            FlagsCommand.RolloutVerb.class,
            FlagsCommand.History.class,
            FlagsCommand.Delete.class,
            picocli.CommandLine.HelpCommand.class
        })
final class FlagsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The flag's API path. A key the server could never store is refused here: "stream" would open
     * the change stream (and wait for ever), and anything outside the key alphabet would reach the
     * server mangled by URL encoding.
     */
    static String path(String key) {
        String problem = FlagValidator.keyProblem("key", key);
        if (problem != null) throw new CliException(problem);
        if (key.equals("stream"))
            throw new CliException("key: \"stream\" is reserved (GET /api/v1/flags/stream is the change stream)");
        return "/api/v1/flags/" + key;
    }

    static String requireReason(String reason) {
        if (reason == null || reason.isBlank())
            throw new CliException("--reason is required for every flag change (it goes into the audit history)");
        return reason;
    }

    /**
     * A flag as the PUT body: the flag plus {@code reason}, without the fields the server stamps
     * (version, updatedAt), so that it replaces whatever is stored.
     */
    static ObjectNode body(Flag flag, String reason) {
        ObjectNode node = Json.mapper().valueToTree(flag);
        node.remove(java.util.List.of("version", "updatedAt", "updatedBy"));
        node.put("reason", requireReason(reason));
        return node;
    }

    @Command(name = "list", description = "List flags with their state in --env.")
    static final class List implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Option(names = "--env", defaultValue = "production", description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Override
        public Integer call() throws Exception {
            java.util.List<Flag> flags = api.client().getList("/api/v1/flags", Flag.class);
            output.print(flags, out -> {
                Table t = new Table("KEY", "TYPE", "STATE", "SERVES", "VERSION", "UPDATED BY");
                for (Flag f : flags) {
                    EnvConfig e = f.environments().get(env);
                    String state = f.killSwitch() ? "KILLED" : e == null ? "-" : e.enabled() ? "on" : "off";
                    String serves = e == null
                            ? "-"
                            : e.rollout() != null ? "rollout" : e.defaultVariant() == null ? "-" : e.defaultVariant();
                    t.row(f.key(), f.type(), state, serves, f.version(), f.updatedBy() == null ? "-" : f.updatedBy());
                }
                t.print(out);
            });
            return 0;
        }
    }

    @Command(name = "get", description = "Print a flag as JSON (edit it and give it back with `set KEY --file`).")
    static final class Get implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Parameters(index = "0", description = "flag key")
        String key;

        @Override
        public Integer call() throws Exception {
            output.print(
                    api.client().get(path(key), Flag.class),
                    output.format == OutputFormat.Format.yaml ? OutputFormat.Format.yaml : OutputFormat.Format.json);
            return 0;
        }
    }

    /** on / off share everything but the value. */
    abstract static class Toggle implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", description = "flag key")
        String key;

        @Option(names = "--env", defaultValue = "production", description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Option(names = "--reason", description = "why (required; kept in the history)")
        String reason;

        abstract boolean on();

        @Override
        public Integer call() throws Exception {
            String path = path(key);
            Flag f = api.client()
                    .post(path + "/toggle", new FlagToggle(env, on(), requireReason(reason), null), Flag.class);
            spec.commandLine()
                    .getOut()
                    .println(key + " is " + (on() ? "on" : "off") + " in " + env + " (version " + f.version() + ")");
            return 0;
        }
    }

    @Command(name = "on", description = "Enable a flag in --env.")
    static final class On extends Toggle {
        boolean on() {
            return true;
        }
    }

    @Command(name = "off", description = "Disable a flag in --env (serves callers' defaults).")
    static final class Off extends Toggle {
        boolean on() {
            return false;
        }
    }

    @Command(
            name = "rollout",
            description =
                    "Split --env's fallthrough by percentages, e.g. `gantry flags rollout banner on=25 off=75 --reason ramp`.")
    static final class RolloutVerb implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", description = "flag key")
        String key;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                description = "VARIANT=PERCENT pairs adding up to 100 (decimals allowed: 12.5)")
        java.util.List<String> splits;

        @Option(names = "--env", defaultValue = "production", description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Option(names = "--bucket-by", description = "context attribute to hash (default targetingKey)")
        String bucketBy;

        @Option(names = "--reason", description = "why (required; kept in the history)")
        String reason;

        @Override
        public Integer call() throws Exception {
            String path = path(key);
            Map<String, BigDecimal> percentages = percentages(splits);
            Map<String, Double> asSent = new LinkedHashMap<>();
            percentages.forEach((variant, percent) -> asSent.put(variant, percent.doubleValue()));
            FlagRolloutChange change = new FlagRolloutChange(env, null, asSent, bucketBy, requireReason(reason), null);
            Flag f = api.client().post(path + "/rollout", change, Flag.class);
            StringBuilder split = new StringBuilder();
            percentages.forEach((variant, percent) -> split.append(' ')
                    .append(variant)
                    .append('=')
                    .append(percent.stripTrailingZeros().toPlainString())
                    .append('%'));
            spec.commandLine()
                    .getOut()
                    .println(key + " in " + env + " now splits" + split + " (version " + f.version() + ")");
            return 0;
        }

        /** VARIANT=PERCENT arguments as given, each variant once; whether they add up to 100 is the server's call. */
        static Map<String, BigDecimal> percentages(java.util.List<String> splits) {
            Map<String, BigDecimal> percentages = new LinkedHashMap<>();
            for (String s : splits) {
                int eq = s.indexOf('=');
                if (eq < 1) throw new CliException("rollout: expected VARIANT=PERCENT, got \"" + s + "\"");
                String variant = s.substring(0, eq);
                String number = s.substring(eq + 1);
                BigDecimal percent;
                try {
                    percent = new BigDecimal(number.endsWith("%") ? number.substring(0, number.length() - 1) : number);
                } catch (NumberFormatException e) {
                    throw new CliException("rollout: \"" + number + "\" in \"" + s + "\" is not a number");
                }
                if (percentages.put(variant, percent) != null)
                    throw new CliException("rollout: variant \"" + variant + "\" is given twice");
            }
            return percentages;
        }
    }

    @Command(name = "history", description = "Who changed a flag, when and why (newest first).")
    static final class History implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Parameters(index = "0", description = "flag key")
        String key;

        @Option(names = "--limit", defaultValue = "20", description = "entries (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() throws Exception {
            java.util.List<AuditEntry> history =
                    api.client().getList(path(key) + "/history?limit=" + limit, AuditEntry.class);
            output.print(history, out -> {
                Table t = new Table("VERSION", "AT", "WHO", "ACTION", "REASON");
                for (AuditEntry h : history) t.row(h.version(), h.at(), h.actor(), h.action(), h.reason());
                t.print(out);
            });
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a flag (its history stays).")
    static final class Delete implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", description = "flag key")
        String key;

        @Option(names = "--reason", description = "why (required; kept in the history)")
        String reason;

        @Override
        public Integer call() throws Exception {
            String path = path(key);
            api.client().delete(path + "?reason=" + ControlPlaneClient.segment(requireReason(reason)));
            spec.commandLine().getOut().println("deleted " + key);
            return 0;
        }
    }

    /**
     * A flag document read from a file, as the user wrote it (so that the server names whatever it
     * refuses), with the reason added.
     */
    static ObjectNode withReason(String json, String reason) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (!(node instanceof ObjectNode o)) throw new CliException("the flag file must hold a JSON object");
            if (!o.hasNonNull("reason")) o.put("reason", requireReason(reason));
            else if (reason != null) o.put("reason", reason);
            return o;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException("the flag file is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
