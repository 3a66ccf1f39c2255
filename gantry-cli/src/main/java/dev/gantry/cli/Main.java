package dev.gantry.cli;

import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.UnreachableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

/**
 * The {@code gantry} command. Every verb but server, agent, router and demo talks to the control
 * plane's HTTP API. Help, version and the exit codes are inherited by every verb.
 */
@Command(
        name = "gantry",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Self-hosted continuous deployment: deploy, route, watch and roll back your services.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (the reason is on stderr, in one line)",
            "2:usage error (unknown verb or option, missing or malformed argument)",
            "3:not found (unknown app, release, instance, deployment, flag or credential)"
        },
        subcommands = {
            ServerCommand.class,
            AgentCommand.class,
            RouterCommand.class,
            DemoCommand.class,
            DeployCommand.class,
            AppsCommand.class,
            PsCommand.class,
            TopCommand.class,
            ScaleCommand.class,
            StopCommand.class,
            CancelCommand.class,
            RollbackCommand.class,
            PromoteCommand.class,
            AbortCommand.class,
            HistoryCommand.class,
            CanaryCommand.class,
            LogsCommand.class,
            ReleasesCommand.class,
            StatusCommand.class,
            FlagsCommand.class,
            AlertsCommand.class,
            TokensCommand.class,
            UpCommand.class,
            DestroyCommand.class,
            HostsCommand.class,
            ChaosCommand.class,
            CompletionCommand.class,
            HelpCommand.class
        })
public final class Main implements Runnable {
    static final int FAILURE = 1;
    static final int NOT_FOUND = 3;

    private final BufferedReader in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main(BufferedReader in) {
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())))
                .execute(args));
    }

    /**
     * The command tree, printing through picocli's writers (set them with {@code setOut}/{@code setErr})
     * and reading confirmations from {@code in}.
     */
    static CommandLine commandLine(BufferedReader in) {
        CommandLine cli = new CommandLine(new Main(in));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(dev.gantry.api.client.CaFingerprint.class, Main::fingerprint);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("gantry: " + message(e));
            return exitCode(e);
        });
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /** A usage error: what is wrong, picocli's suggestions, and where the help is; exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println("gantry: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static dev.gantry.api.client.CaFingerprint fingerprint(String text) {
        try {
            return dev.gantry.api.client.CaFingerprint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().replace("caFingerprint: ", ""));
        }
    }

    /** What a verb reads a typed confirmation from (standard input). */
    static BufferedReader in(CommandLine.Model.CommandSpec spec) {
        return ((Main) spec.root().userObject()).in;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int exitCode(Exception e) {
        if (e instanceof CliException c) return c.exitCode();
        if (e instanceof ProblemException p && p.type() == ProblemType.NOT_FOUND) return NOT_FOUND;
        return FAILURE;
    }

    /** What went wrong in one line (a problem's other findings on lines of their own), with a hint where one helps. */
    static String message(Exception e) {
        if (e instanceof CliException) return e.getMessage();
        if (e instanceof UnreachableException u) {
            return "cannot reach the control plane at " + u.baseUrl()
                    + " (is `gantry server` or `gantry demo` running?)";
        }
        if (e instanceof ProblemException p) return describe(p.problem());
        if (e instanceof java.io.IOException && String.valueOf(e.getMessage()).contains("PKIX path building failed")) {
            return e.getMessage() + " (a control plane with its own CA: pass --ca-fingerprint or GANTRY_CA_FINGERPRINT"
                    + " as `gantry server` printed it)";
        }
        if (e instanceof java.io.IOException) return e.getMessage();
        return e.toString();
    }

    private static String describe(Problem p) {
        StringBuilder b = new StringBuilder(p.detail());
        if (p.status() == 401) {
            b.append(
                    " (give a token with --token-file, GANTRY_TOKEN_FILE or GANTRY_TOKEN; the admin token is the file 'token' in the server's data directory)");
        }
        // The first problem is usually the detail itself; print only what it does not already say, so one problem is
        // one line.
        for (String problem : p.problems()) {
            if (!p.detail().contains(problem)) b.append("\n  ").append(problem);
        }
        return b.toString();
    }
}
