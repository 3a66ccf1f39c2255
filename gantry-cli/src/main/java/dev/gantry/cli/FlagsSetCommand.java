package dev.gantry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry flags set KEY}: create or replace a flag, from a JSON file (anything the API takes)
 * or, for the common cases, from one value: {@code --boolean on|off}, {@code --string TEXT},
 * {@code --number N}.
 */
@Command(
        name = "set",
        description = {
            "Create or replace a flag.",
            "  --file flag.json        the full flag (as `gantry flags get` prints it; keep \"version\" to refuse lost updates)",
            "  --boolean on|off        a boolean flag (variants on/off) serving that value to everyone in --env",
            "  --string TEXT           a string flag serving TEXT to everyone in --env",
            "  --number N              a number flag serving N to everyone in --env",
            "The one-value forms replace the whole flag with a one-environment definition; use --file for rules."
        })
final class FlagsSetCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "flag key")
    String key;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--env",
            defaultValue = "production",
            description = "environment for the one-value forms (default: ${DEFAULT-VALUE})")
    String env;

    @Option(names = "--description", description = "what the flag is for")
    String description;

    @Option(names = "--reason", description = "why (required; kept in the history)")
    String reason;

    static final class Source {
        @Option(names = "--file", description = "JSON flag document")
        Path file;

        @Option(names = "--boolean", description = "on or off")
        String bool;

        @Option(names = "--string", description = "the value to serve")
        String string;

        @Option(names = "--number", description = "the value to serve")
        Double number;
    }

    @Override
    public Integer call() throws Exception {
        ObjectNode body = source.file != null
                ? FlagsCommand.withReason(read(source.file), reason)
                : FlagsCommand.body(simple(), reason);
        Flag f = api.client().put(FlagsCommand.path(key), body, Flag.class);
        spec.commandLine().getOut().println("stored " + key + " (version " + f.version() + ")");
        return 0;
    }

    Flag simple() {
        Map<String, Object> variants = new LinkedHashMap<>();
        String type;
        String serve;
        if (source.bool != null) {
            if (!source.bool.equals("on") && !source.bool.equals("off"))
                throw new CliException("--boolean: expected on or off, got \"" + source.bool + "\"");
            type = "boolean";
            variants.put("on", true);
            variants.put("off", false);
            serve = source.bool;
        } else if (source.string != null) {
            type = "string";
            variants.put("value", source.string);
            serve = "value";
        } else {
            type = "number";
            variants.put("value", source.number);
            serve = "value";
        }
        FlagsCommand.requireReason(reason);
        return new Flag(
                key,
                type,
                description,
                variants,
                Map.of(env, new EnvConfig(true, serve, null, null)),
                null,
                false,
                null,
                0,
                0,
                null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
