package dev.gantry.cli;

import dev.gantry.api.alerts.Alert;
import dev.gantry.api.alerts.AlertList;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.AlertRules;
import dev.gantry.api.alerts.Silence;
import dev.gantry.api.alerts.SilenceRequest;
import dev.gantry.api.alerts.TestResult;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry alerts ...}: the alerts firing and resolved, the rules, silences, and a test notification. */
@Command(
        name = "alerts",
        description = "Alerts: list (firing, pending, resolved, silenced), rules, silence APP, test (a notification"
                + " through every route).",
        subcommands = {
            AlertsCommand.List.class,
            AlertsCommand.Rules.class,
            AlertsCommand.SilenceApp.class,
            AlertsCommand.Test.class,
            picocli.CommandLine.HelpCommand.class
        })
final class AlertsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Alerts pending or firing now, the last resolved ones, and the silences.")
    static final class List implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Override
        public Integer call() throws Exception {
            AlertList list = api.client().get("/api/v1/alerts", AlertList.class);
            output.print(list, out -> {
                Table t = new Table("STATE", "RULE", "GROUP", "SEVERITY", "SUBJECTS", "VALUE", "SINCE");
                for (Alert a : list.alerts()) {
                    t.row(
                            a.state() + (a.silenced() ? " (silenced)" : ""),
                            a.rule(),
                            a.group(),
                            a.severity(),
                            String.join(",", a.subjects()),
                            String.format(java.util.Locale.ROOT, "%.1f", a.value()),
                            Instant.ofEpochMilli(a.since()));
                }
                t.print(out);
                for (Silence s : list.silences())
                    out.println("silenced " + s.app() + " until " + Instant.ofEpochMilli(s.until()) + " by " + s.by()
                            + ": " + s.reason());
            });
            return 0;
        }
    }

    @Command(name = "rules", description = "The rules in force: the built-in defaults and the custom rules.")
    static final class Rules implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Override
        public Integer call() throws Exception {
            AlertRules rules = api.client().get("/api/v1/alerts/rules", AlertRules.class);
            output.print(rules, out -> {
                Table t = new Table("NAME", "METRIC", "SCOPE", "CONDITION", "FOR", "SEVERITY", "ROUTES", "ON");
                for (AlertRule r : rules.rules()) {
                    t.row(
                            r.name(),
                            r.metric(),
                            r.scope(),
                            r.comparison() + " " + r.threshold(),
                            r.holdFor(),
                            r.severity(),
                            r.routes().isEmpty() ? "all" : String.join(",", r.routes()),
                            r.disabled() ? "off" : "on");
                }
                t.print(out);
            });
            return 0;
        }
    }

    @Command(
            name = "silence",
            description = "Silence APP's alerts --for a while, with a --reason: they still change state, nothing is"
                    + " sent.")
    static final class SilenceApp implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Parameters(index = "0", paramLabel = "APP", description = "the app")
        String app;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long, e.g. 30m or 1h")
        String length;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the others")
        String reason;

        @Override
        public Integer call() throws Exception {
            Silence s = api.client()
                    .post("/api/v1/alerts/silences", new SilenceRequest(app, length, reason), Silence.class);
            output.print(s, out -> out.println("silenced " + s.app() + " until " + Instant.ofEpochMilli(s.until())));
            return 0;
        }
    }

    @Command(name = "test", description = "Send a test notification through every configured route now.")
    static final class Test implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Override
        public Integer call() throws Exception {
            TestResult r = api.client().post("/api/v1/alerts/test", null, TestResult.class);
            output.print(r, out -> {
                Table t = new Table("ROUTE", "KIND", "RESULT");
                for (TestResult.Sent s : r.routes())
                    t.row(s.route(), s.kind(), s.delivered() ? "delivered" : "failed: " + s.error());
                t.print(out);
            });
            return r.routes().stream().allMatch(TestResult.Sent::delivered) ? 0 : Main.FAILURE;
        }
    }
}
