package dev.gantry.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code gantry} command in this JVM, as a user would type it: the exit code
 * {@link Main#main} would exit with, and what it printed on stdout and stderr (picocli's writers;
 * no global streams are swapped, so runs may overlap).
 */
record GantryRun(int exit, String out, String err) {
    static GantryRun of(String... args) {
        return typing("", args);
    }

    /** A run with {@code input} on standard input (a typed confirmation). */
    static GantryRun typing(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new BufferedReader(new StringReader(input)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new GantryRun(exit, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
