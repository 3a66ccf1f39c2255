package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.api.Json;
import java.io.PrintWriter;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -o table|json|yaml} of the verbs that list or show: a table for people, or the API's
 * records as {@link Json} writes them (YAML: the same tree), for scripts.
 */
final class OutputFormat {
    /** Lower case, as typed and as completion offers them. */
    enum Format {
        table,
        json,
        yaml
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table, json or yaml (json and yaml print the API's records; default ${DEFAULT-VALUE})")
    Format format;

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** Prints {@code records} as JSON or YAML, or hands the writer to {@code table} for the human form. */
    void print(Object records, Consumer<PrintWriter> table) throws JsonProcessingException {
        switch (format) {
            case table -> table.accept(out());
            case json -> print(records, Format.json);
            case yaml -> print(records, Format.yaml);
        }
        out().flush();
    }

    /** {@code records} as JSON (pretty) or YAML; a table format prints JSON, for a verb that has no table. */
    void print(Object records, Format as) throws JsonProcessingException {
        if (as == Format.yaml) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            out().print(new Yaml(options).dump(Json.mapper().convertValue(records, Object.class)));
        } else {
            out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(records));
        }
        out().flush();
    }
}
