package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The conventions of the command line: help everywhere, exit codes, version, completion, environment variables. */
class MainTest {
    /** Every verb and sub-verb, as typed after {@code gantry} ("" is gantry itself). */
    static Stream<String> verbs() {
        List<String> verbs = new ArrayList<>();
        walk(Main.commandLine(new BufferedReader(new StringReader(""))), "", verbs);
        return verbs.stream();
    }

    private static void walk(CommandLine cmd, String path, List<String> into) {
        into.add(path);
        cmd.getSubcommands().forEach((name, sub) -> walk(sub, (path + " " + name).strip(), into));
    }

    @ParameterizedTest(name = "gantry {0} --help and -h exit 0 with its usage")
    @MethodSource("verbs")
    void every_verb_answers_help_and_h_with_its_usage_and_exit_0(String verb) {
        for (String flag : List.of("--help", "-h")) {
            GantryRun run = GantryRun.of(argv(verb, flag));
            assertThat(run.exit()).as(verb + " " + flag + ": " + run.err()).isZero();
            assertThat(run.out()).contains("Usage: " + ("gantry " + verb).strip() + " [");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void the_tree_has_every_verb_the_readme_names() {
        assertThat(verbs())
                .contains(
                        "deploy",
                        "apps",
                        "apps delete",
                        "ps",
                        "logs",
                        "releases",
                        "status",
                        "cancel",
                        "flags list",
                        "flags help",
                        "completion",
                        "help",
                        "server",
                        "agent",
                        "router",
                        "demo");
    }

    @Test
    void help_verb_prints_the_same_usage_as_the_verbs_own_help() {
        for (String verb : List.of("deploy", "apps", "demo", "flags")) {
            GantryRun help = GantryRun.of("help", verb);
            assertThat(help.exit()).isZero();
            assertThat(help.out()).isEqualTo(GantryRun.of(verb, "--help").out());
        }
        assertThat(GantryRun.of("flags", "help", "set").out())
                .isEqualTo(GantryRun.of("flags", "set", "--help").out());
    }

    @Test
    void the_help_of_gantry_and_of_each_verb_lists_the_exit_codes() {
        for (String verb : List.of("", "logs", "apps delete")) {
            assertThat(GantryRun.of(argv(verb, "--help")).out())
                    .contains("Exit codes:", "  0   success", "  1   failure", "  2   usage error", "  3   not found");
        }
    }

    @Test
    void a_usage_error_exits_2_with_the_problem_and_where_the_help_is() {
        GantryRun unknownOption = GantryRun.of("deploy", "--nope");
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.out()).isEmpty();
        assertThat(unknownOption.errLines())
                .containsExactly(
                        "gantry: Unknown option: '--nope'", "Try 'gantry deploy --help' for more information.");

        GantryRun typo = GantryRun.of("deplyo");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean: gantry deploy");

        assertThat(GantryRun.of("scale", "hello").exit()).isEqualTo(2);
    }

    @Test
    void version_is_the_build_version_with_its_commit() {
        GantryRun run = GantryRun.of("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip())
                .matches("gantry \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7}(-dirty)?|unknown)\\)");
        assertThat(GantryRun.of("deploy", "--version").out()).isEqualTo(run.out());
    }

    @Test
    void version_says_unknown_for_what_the_build_did_not_fill_in() {
        Properties outsideGit = new Properties();
        outsideGit.setProperty("version", "1.2.3");
        outsideGit.setProperty("commit", "${git.commit.id.abbrev}");
        outsideGit.setProperty("dirty", "${git.dirty}");
        assertThat(Version.line(outsideGit)).isEqualTo("gantry 1.2.3 (commit unknown)");
        outsideGit.setProperty("commit", "abc1234");
        outsideGit.setProperty("dirty", "true");
        assertThat(Version.line(outsideGit)).isEqualTo("gantry 1.2.3 (commit abc1234-dirty)");
    }

    @Test
    void an_agent_reports_the_version_with_its_commit_as_build_metadata() {
        Properties p = new Properties();
        p.setProperty("version", "1.2.3");
        p.setProperty("commit", "${git.commit.id.abbrev}");
        assertThat(Version.agent(p)).isEqualTo("1.2.3");
        p.setProperty("commit", "abc1234");
        p.setProperty("dirty", "true");
        assertThat(Version.agent(p)).isEqualTo("1.2.3+abc1234-dirty");
        assertThat(Version.agent()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?(\\+[0-9a-f]{7}(-dirty)?)?");
    }

    @Test
    void completion_prints_a_bash_script_that_zsh_can_source_too() {
        GantryRun bash = GantryRun.of("completion", "bash");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_gantry", "bashcompinit");
        for (String verb : List.of("deploy", "apps", "delete", "flags", "rollout", "completion", "--output")) {
            assertThat(bash.out()).as(verb).contains(verb);
        }
        assertThat(GantryRun.of("completion", "zsh").out()).isEqualTo(bash.out());
        assertThat(GantryRun.of("completion", "fish").exit()).isEqualTo(2);
    }

    @Test
    void every_option_of_server_agent_router_demo_and_the_global_ones_names_its_environment_variable() {
        CommandLine root = Main.commandLine(new BufferedReader(new StringReader("")));
        for (String verb : List.of("server", "agent", "router", "demo", "deploy", "flags list")) {
            CommandLine cmd = root;
            for (String part : verb.split(" ")) cmd = cmd.getSubcommands().get(part);
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                boolean global = List.of("--server", "--token", "--data-dir").contains(o.longestName());
                if (!global && List.of("deploy", "flags list").contains(verb)) continue;
                assertThat(String.join(" ", o.description()))
                        .as(verb + " " + o.longestName())
                        .matches(".*\\benv GANTRY_[A-Z_]+\\b.*");
                assertThat(o.defaultValueString(false))
                        .as(verb + " " + o.longestName() + " defaults from the environment")
                        .startsWith("${env:GANTRY_");
            }
        }
    }

    @Test
    void an_environment_variable_sets_the_option_and_help_shows_its_value_but_never_the_token() throws Exception {
        String help = gantryProcess(
                Map.of("GANTRY_ROUTER_PORT", "9999", "GANTRY_TOKEN", "do-not-print-me"), "demo", "--help");
        assertThat(help.replaceAll("\\s+", " "))
                .contains("(env GANTRY_ROUTER_PORT, default 9999)")
                .doesNotContain("do-not-print-me");

        String apps = gantryProcess(Map.of("GANTRY_SERVER", "http://127.0.0.1:1", "GANTRY_TOKEN", "t"), "apps");
        assertThat(apps)
                .isEqualTo(
                        "gantry: cannot reach the control plane at http://127.0.0.1:1 (is `gantry server` or `gantry demo` running?)\n");
    }

    @Test
    void a_token_file_open_to_other_users_is_used_with_a_warning_naming_it(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, "gty_x\n");
        java.nio.file.Files.setPosixFilePermissions(
                file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String open = gantryProcess(
                Map.of("GANTRY_SERVER", "http://127.0.0.1:1", "GANTRY_TOKEN_FILE", file.toString()), "apps");
        assertThat(open)
                .contains("gantry: warning: the token file " + file + " is open to other users (rw-r--r--); chmod 600 "
                        + file)
                .contains("cannot reach the control plane");

        java.nio.file.Files.setPosixFilePermissions(
                file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String closed = gantryProcess(
                Map.of("GANTRY_SERVER", "http://127.0.0.1:1", "GANTRY_TOKEN_FILE", file.toString()), "apps");
        assertThat(closed).doesNotContain("warning");
    }

    @Test
    void a_redis_uri_that_does_not_parse_is_refused_without_printing_its_password() {
        GantryRun run = GantryRun.of("server", "--redis", "redis://gantry:se cret@10.0.0.5:6379");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("redis://gantry:***@10.0.0.5:6379").doesNotContain("se cret");
    }

    /** gantry in a JVM of its own with these environment variables; what it printed on stdout and stderr. */
    private static String gantryProcess(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String[] argv(String verb, String flag) {
        List<String> argv = new ArrayList<>(verb.isEmpty() ? List.of() : List.of(verb.split(" ")));
        argv.add(flag);
        return argv.toArray(String[]::new);
    }
}
