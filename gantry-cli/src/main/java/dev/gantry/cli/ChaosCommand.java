package dev.gantry.cli;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Environment.ProviderKind;
import dev.gantry.fleet.NetnsProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gantry chaos cut|heal ENV HOST}: real network failures for a {@code netns} environment. A cut sets the bridge's
 * end of the host's veth down, so nothing reaches the host or leaves it while its processes keep running; heal sets it
 * up again.
 */
@Command(
        name = "chaos",
        description = "Network failures on a netns environment's hosts: cut a host's link, heal it (needs root).",
        subcommands = {ChaosCommand.Cut.class, ChaosCommand.Heal.class, picocli.CommandLine.HelpCommand.class})
final class ChaosCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "cut",
            description = "Cut HOST's network link: its veth on the bridge goes down; its processes keep running.")
    static final class Cut implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EnvironmentOptions environment;

        @Parameters(index = "1", paramLabel = "HOST", description = "the host whose link to cut")
        String host;

        @Override
        public Integer call() throws Exception {
            Environment env = netns(environment, host);
            try {
                NetnsProvider.cut(env.name(), host);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .println(env.name() + ": cut " + host + "'s link (its veth on the bridge is down)");
            return 0;
        }
    }

    @Command(name = "heal", description = "Restore HOST's network link after a cut.")
    static final class Heal implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EnvironmentOptions environment;

        @Parameters(index = "1", paramLabel = "HOST", description = "the host whose link to restore")
        String host;

        @Override
        public Integer call() throws Exception {
            Environment env = netns(environment, host);
            try {
                NetnsProvider.heal(env.name(), host);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .println(env.name() + ": healed " + host + "'s link (its veth on the bridge is up)");
            return 0;
        }
    }

    /** The environment, when it is a netns one with a host named {@code host}. */
    private static Environment netns(EnvironmentOptions options, String host) throws java.io.IOException {
        Environment env = options.load();
        if (env.provider() != ProviderKind.NETNS) {
            throw new CliException("gantry chaos works on netns environments only; " + env.name() + "'s provider is "
                    + env.provider().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (env.host(host).isEmpty()) {
            throw new CliException("no host " + host + " in environment " + env.name() + " (hosts: "
                    + String.join(
                            ", ",
                            env.hosts().stream()
                                    .map(dev.gantry.fleet.Host::name)
                                    .toList()) + ")");
        }
        return env;
    }
}
