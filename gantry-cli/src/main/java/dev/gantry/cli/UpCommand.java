package dev.gantry.cli;

import dev.gantry.fleet.AnsiblePlaybook;
import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Environment.ProviderKind;
import dev.gantry.fleet.Fleet;
import dev.gantry.fleet.Host;
import dev.gantry.fleet.PlaybookResult;
import dev.gantry.fleet.RedisUri;
import dev.gantry.fleet.Role;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "up",
        description = {
            "Create an environment's hosts and configure them: the provider makes what is missing (netns: network "
                    + "namespaces with their own sshd, needs root; ssh: checks each host answers), Gantry writes the "
                    + "SSH key pair and the Ansible inventory under DATA/environments/ENV, then runs "
                    + "deploy/ansible/site.yml with ansible-playbook.",
            "Idempotent: a second run creates nothing and reports 0 changed tasks."
        })
final class UpCommand implements Callable<Integer> {
    /** The API port of a control plane that runs on a host with the control role. */
    static final int CONTROL_PORT = 7070;

    @Spec
    CommandSpec spec;

    @Mixin
    EnvironmentOptions environment;

    @Mixin
    DataDirOption data;

    @Mixin
    PlaybooksOption playbooks;

    @Option(
            names = "--dist",
            paramLabel = "JAR",
            defaultValue = "${env:GANTRY_DIST}",
            description = "the gantry.jar copied to agent hosts (env GANTRY_DIST; default: the jar running this)")
    Path dist;

    @Option(
            names = "--host-java",
            paramLabel = "PATH",
            defaultValue = "${env:GANTRY_HOST_JAVA}",
            description =
                    "java on the hosts (env GANTRY_HOST_JAVA; default: this JDK's for netns, /usr/bin/java for ssh)")
    String hostJava;

    @Option(names = "--no-configure", description = "create the hosts and write the inventory, but do not run Ansible")
    boolean noConfigure;

    @Override
    public Integer call() throws Exception {
        Environment env = environment.load();
        PrintWriter out = spec.commandLine().getOut();
        AnsiblePlaybook playbook =
                noConfigure ? null : new AnsiblePlaybook(playbooks.file("site.yml"), Duration.ofMinutes(15));
        Fleet.UpReport report;
        try {
            report = new Fleet(data.path()).up(env, playbook, this::vars);
        } catch (IllegalStateException | IllegalArgumentException e) { // not root, a network in use, no API token
            throw new CliException(env.name() + ": " + e.getMessage());
        }
        report.changes().forEach(c -> out.println(env.name() + ": " + c));
        PlaybookResult result = report.playbook();
        if (result != null) {
            out.println(env.name() + ": ansible: " + result.changedTasks() + " changed"
                    + (result.changedTasks() == 0 ? "" : " (" + perHost(result) + ")"));
            if (!result.ok()) {
                String failures =
                        result.failures().stream().map(Object::toString).collect(Collectors.joining("\n  "));
                throw new CliException(env.name() + ": configuring failed:\n  " + failures);
            }
        }
        List<Host> control = report.placed().with(Role.CONTROL);
        if (env.redis() != null) {
            Path uri = new Fleet(data.path()).files(env.name()).redisUri();
            out.println(env.name() + ": redis: " + RedisUri.summary(env.redis())
                    + (!control.isEmpty()
                            ? "; the control plane on " + control.getFirst().name() + " uses it"
                            : "; control plane: GANTRY_REDIS=$(cat " + uri + ") (and GANTRY_REDIS_REPLICA=$(cat " + uri
                                    + ") to read flags from the replicas)"));
        }
        if (result != null && !control.isEmpty()) {
            Path dir = new Fleet(data.path()).files(env.name()).dir();
            String url = controlUrl(control.getFirst().address());
            out.println(env.name() + ": control plane " + url + "; to use it from here:");
            out.println("  export GANTRY_SERVER=" + url + " GANTRY_TOKEN_FILE=" + dir.resolve("admin-token")
                    + " GANTRY_CA_FILE=" + dir.resolve("control-ca.crt"));
        }
        out.println(
                report.unchanged()
                        ? env.name() + " is up; nothing changed"
                        : env.name() + " is up with " + env.hosts().size() + " hosts");
        return 0;
    }

    /**
     * The inventory's variables for {@code env} with its hosts' addresses: where the control plane is (a host with
     * the control role, which makes the join credential and CA the other hosts get, or the file's control section).
     */
    private Map<String, String> vars(Environment env) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("gantry_java", java(env));
        Path dir = new Fleet(data.path()).files(env.name()).dir();
        vars.put("gantry_env_dir", dir.toString());
        List<Host> control = env.with(Role.CONTROL);
        if (!control.isEmpty()) {
            vars.put("gantry_control_url", controlUrl(control.getFirst().address()));
            vars.put("gantry_control_port", String.valueOf(CONTROL_PORT));
            vars.put("gantry_join_token_file", dir.resolve("join-token").toString());
            vars.put("gantry_router_token_file", dir.resolve("router-token").toString());
            vars.put("gantry_ca_file", dir.resolve("control-ca.crt").toString());
            vars.put("gantry_dist", dist().toString());
        } else if (env.control() != null && !env.with(Role.AGENT).isEmpty()) {
            vars.put("gantry_control_url", env.control().url());
            vars.put("gantry_join_token_file", env.control().joinTokenFile().toString());
            if (env.control().caFingerprint() != null)
                vars.put("gantry_ca_fingerprint", env.control().caFingerprint());
            vars.put("gantry_dist", dist().toString());
        }
        if (control.isEmpty()
                && env.control() != null
                && env.control().routerTokenFile() != null
                && !env.with(Role.ROUTER).isEmpty()) {
            vars.put("gantry_control_url", env.control().url());
            vars.put("gantry_router_token_file", env.control().routerTokenFile().toString());
            if (env.control().caFingerprint() != null)
                vars.put("gantry_ca_fingerprint", env.control().caFingerprint());
            vars.put("gantry_dist", dist().toString());
        }
        return vars;
    }

    /** The API of the control plane that runs on the host at {@code address}. */
    static String controlUrl(String address) {
        return "https://" + address + ":" + CONTROL_PORT;
    }

    private String java(Environment env) {
        if (hostJava != null && !hostJava.isBlank()) return hostJava;
        return env.provider() == ProviderKind.NETNS
                ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                : "/usr/bin/java";
    }

    private Path dist() {
        if (dist != null) {
            if (!Files.isRegularFile(dist)) throw new CliException("--dist: no file " + dist);
            return dist.toAbsolutePath();
        }
        Path self = PlaybooksOption.running();
        if (self == null || !self.toString().endsWith(".jar")) {
            throw new CliException(
                    "--dist: give the gantry.jar to install on agent hosts (this is not run from a jar)");
        }
        return self;
    }

    private static String perHost(PlaybookResult result) {
        return result.changed().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
