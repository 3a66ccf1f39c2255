package dev.gantry.cli;

import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenRequest;
import dev.gantry.api.TokenSummary;
import dev.gantry.api.client.ControlPlaneClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry tokens ...}: named credentials with one role each; managing them needs an admin credential. */
@Command(
        name = "tokens",
        description = "Credentials: create, list, revoke. Each has a name (who acts in the audit trail) and one role.",
        subcommands = {
            TokensCommand.Create.class,
            TokensCommand.List.class,
            TokensCommand.Revoke.class,
            picocli.CommandLine.HelpCommand.class
        })
final class TokensCommand implements Runnable {
    static final String ROLES = "admin (everything), deployer (deploy, rollback, scale, stop, cancel, delete apps, "
            + "write flags; no credentials), viewer (reads), agent (named agent:HOST: that host's desired state, "
            + "reports and artifacts), router (the route table), metrics (/metrics), join (exchanged by agents "
            + "for their own agent credential; lasts 1h unless --expires says otherwise)";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            description = {
                "Create a credential NAME with --role and print its secret: the only time it is shown.",
                "Keep it in a file readable by its user only and pass it with --token-file or GANTRY_TOKEN_FILE."
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Parameters(index = "0", paramLabel = "NAME", description = "who it is, e.g. ci, alice, edge, agent:web-1")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "one of: " + ROLES)
        String role;

        @Option(
                names = "--expires",
                paramLabel = "DURATION",
                description = "lifetime, e.g. 12h or 30d (default: never; a join token 1h)")
        String expires;

        @Override
        public Integer call() throws Exception {
            TokenCreated created =
                    api.client().post("/api/v1/tokens", new TokenRequest(name, role, expires), TokenCreated.class);
            output.print(created, out -> out.println(created.token()));
            return 0;
        }
    }

    @Command(name = "list", description = "List credentials: name, role, created, expires, last used; never a secret.")
    static final class List implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputFormat output;

        @Override
        public Integer call() throws Exception {
            java.util.List<TokenSummary> tokens = api.client().getList("/api/v1/tokens", TokenSummary.class);
            output.print(tokens, out -> {
                Table t = new Table("NAME", "ROLE", "CREATED", "EXPIRES", "LAST USED");
                for (TokenSummary s : tokens) {
                    t.row(s.name(), s.role(), s.createdAt(), orDash(s.expiresAt()), orDash(s.lastUsedAt()));
                }
                t.print(out);
            });
            return 0;
        }

        private static String orDash(String s) {
            return s == null ? "-" : s;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke credential NAME at once: its next request is refused and its open streams close.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", paramLabel = "NAME", description = "the credential")
        String name;

        @Override
        public Integer call() throws Exception {
            api.client().delete("/api/v1/tokens/" + ControlPlaneClient.segment(name));
            spec.commandLine().getOut().println("revoked " + name);
            return 0;
        }
    }
}
