package dev.gantry.fleet;

import dev.gantry.api.SpecReader;
import dev.gantry.fleet.Environment.Control;
import dev.gantry.fleet.Environment.DigitalOcean;
import dev.gantry.fleet.Environment.ProviderKind;
import dev.gantry.fleet.Environment.Redis;
import dev.gantry.fleet.digitalocean.DigitalOceanApi;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an environment file into an {@link Environment}. Every problem names the file, the field and the line, and
 * all of them are reported at once: {@code hosts[1].name: duplicate host name node1, first on line 5
 * (environments/prod.yml line 7)}.
 *
 * <pre>
 * provider: netns                 # netns | ssh | digitalocean (with a digitalocean: section)
 * network: 10.77.0.0/24           # netns only: the bridge takes .1, hosts .2 on in file order
 * control: {url: http://10.77.0.1:7070, join-token-file: join-token, router-token-file: router-token}
 *                                 # ca-fingerprint: sha256:... for https
 * hosts:
 *   - {name: node1, roles: [agent, redis, router]}
 *   - {name: node2, roles: [agent, redis, router], address: 10.77.0.12}
 *   # ssh: {name: web1, roles: [agent], address: 203.0.113.5, port: 22, user: root, key: keys/web1}
 * redis: {primary: node1, replicas: [node2], sentinels: [node1]}   # sentinels: 1, or 3 and more (a majority decides)
 * apps: {markdown: [node1, node2]}
 * </pre>
 */
public final class EnvironmentParser {
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Set<String> TOP =
            Set.of("provider", "network", "control", "hosts", "redis", "apps", "digitalocean");
    private static final Set<String> HOST = Set.of("name", "roles", "address", "port", "user", "key");

    private final SpecReader reader;
    private final Path dir;

    private EnvironmentParser(String source, Path dir) {
        this.reader = new SpecReader(source);
        this.dir = dir;
    }

    /** The environment in {@code file}, named after it; IllegalArgumentException listing every problem, one a line. */
    public static Environment read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
        Path dir = file.toAbsolutePath().getParent();
        return parse(Files.readString(file), name, file.toString(), dir);
    }

    /** The environment {@code name} in {@code text}; {@code source} names it in problems, paths resolve in {@code dir}. */
    public static Environment parse(String text, String name, String source, Path dir) {
        return new EnvironmentParser(source, dir).environment(text, name, source);
    }

    private Environment environment(String text, String name, String source) {
        if (!ENV_NAME.matcher(name).matches()) {
            reader.missing(
                    "name",
                    "an environment's name is 1-8 lower-case letters and digits, starting with a letter, was " + name);
        }
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(
                    source + " line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        }
        if (!(root instanceof MappingNode map)) throw new IllegalArgumentException(source + ": must be a mapping");
        Map<String, Node> top = reader.fields(map, "", TOP);
        ProviderKind provider = provider(top.get("provider"));
        Subnet network = network(top.get("network"));
        List<Host> hosts = hosts(top.get("hosts"), provider, network);
        Redis redis = redis(top.get("redis"), hosts);
        Map<String, List<String>> apps = apps(top.get("apps"), hosts);
        Control control = control(top.get("control"));
        if (control != null && hosts.stream().anyMatch(h -> h.has(Role.CONTROL))) {
            reader.problem(
                    "control",
                    top.get("control"),
                    "a host has the control role, which runs the control plane the others join: remove this section"
                            + " (it names a control plane elsewhere) or that role");
        }
        DigitalOcean digitalocean = digitalocean(top.get("digitalocean"), provider, map);
        if (!reader.ok()) throw new IllegalArgumentException(String.join("\n", reader.problems()));
        return new Environment(name, provider, network, hosts, redis, apps, control, digitalocean);
    }

    private ProviderKind provider(Node node) {
        String text = reader.scalar(node, "provider");
        if (node == null) {
            reader.missing("provider", "required: netns, ssh or digitalocean");
            return null;
        }
        for (ProviderKind k : ProviderKind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(text)) return k;
        }
        if (text != null)
            reader.problem("provider", node, "unknown provider '" + text + "', must be netns, ssh or digitalocean");
        return null;
    }

    private Subnet network(Node node) {
        if (node == null) return Subnet.DEFAULT;
        String text = reader.scalar(node, "network");
        try {
            return text == null ? Subnet.DEFAULT : Subnet.parse(text);
        } catch (IllegalArgumentException e) {
            reader.problem("network", node, e.getMessage());
            return Subnet.DEFAULT;
        }
    }

    private List<Host> hosts(Node node, ProviderKind provider, Subnet network) {
        if (node == null) {
            reader.missing("hosts", "required: a list of hosts with a name and roles");
            return List.of();
        }
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            reader.problem("hosts", node, "must be a list of hosts with a name and roles");
            return List.of();
        }
        List<Host> hosts = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Map<String, Node> addresses = new HashMap<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            String field = "hosts[" + i + "]";
            if (!(items.get(i) instanceof MappingNode m)) {
                reader.problem(field, items.get(i), "must be a mapping with name and roles");
                continue;
            }
            Map<String, Node> f = reader.fields(m, field + ".", HOST);
            String name = hostName(f.get("name"), field, names, m);
            Set<Role> roles = roles(f.get("roles"), field + ".roles", m);
            String address = address(f.get("address"), field + ".address", provider, network, i, addresses);
            int port = port(f.get("port"), field + ".port");
            String user = f.containsKey("user") ? reader.scalar(f.get("user"), field + ".user") : "root";
            String key = reader.scalar(f.get("key"), field + ".key");
            if (provider == ProviderKind.NETNS) {
                for (String k : List.of("port", "user", "key")) {
                    if (f.containsKey(k)) reader.problem(field + "." + k, f.get(k), "not used by the netns provider");
                }
            }
            if (name != null && roles != null) {
                hosts.add(new Host(name, roles, address, port, user, key == null ? null : dir.resolve(key)));
            }
        }
        return hosts;
    }

    private String hostName(Node node, String field, Map<String, Node> seen, Node host) {
        String name = reader.scalar(node, field + ".name");
        if (node == null) {
            reader.problem(field + ".name", host, "required");
            return null;
        }
        if (name == null) return null;
        if (!HOST_NAME.matcher(name).matches()) {
            reader.problem(
                    field + ".name",
                    node,
                    "a host name is lower-case letters, digits and '-', starting with a letter, was " + name);
            return null;
        }
        Node first = seen.putIfAbsent(name, node);
        if (first != null) {
            reader.problem(
                    field + ".name", node, "duplicate host name " + name + ", first on line " + SpecReader.line(first));
            return null;
        }
        return name;
    }

    private Set<Role> roles(Node node, String field, Node host) {
        if (node == null) {
            reader.problem(field, host, "required: one or more of control, agent, redis, router");
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Node item : items(node, field)) {
            String text = reader.scalar(item, field);
            if (text == null) continue;
            Role.parse(text)
                    .ifPresentOrElse(
                            roles::add,
                            () -> reader.problem(
                                    field,
                                    item,
                                    "unknown role '" + text + "', must be control, agent, redis or router"));
        }
        return roles;
    }

    private String address(
            Node node, String field, ProviderKind provider, Subnet network, int index, Map<String, Node> seen) {
        String text = reader.scalar(node, field);
        if (provider == ProviderKind.SSH && node == null) {
            reader.missing(field, "required by the ssh provider");
            return null;
        }
        if (provider == ProviderKind.DIGITALOCEAN) {
            if (node != null) reader.problem(field, node, "not used by the digitalocean provider (the droplet's is)");
            return null;
        }
        if (provider != ProviderKind.NETNS) return text;
        if (text == null) {
            if (index + 2 >= network.size() - 1) {
                reader.missing(field, "no address left in " + network);
                return null;
            }
            text = network.at(index + 2);
        } else {
            try {
                if (!network.holdsHost(text)) {
                    reader.problem(field, node, text + " is not a host address of " + network + " (.1 is the bridge)");
                    return null;
                }
            } catch (IllegalArgumentException e) {
                reader.problem(field, node, e.getMessage());
                return null;
            }
        }
        Node first = seen.putIfAbsent(text, node);
        if (first != null) reader.problem(field, node == null ? first : node, "address " + text + " is taken twice");
        return text;
    }

    private int port(Node node, String field) {
        String text = reader.scalar(node, field);
        if (text == null) return 22;
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        reader.problem(field, node, "must be a port number 1-65535, was " + text);
        return 22;
    }

    private Redis redis(Node node, List<Host> hosts) {
        if (node == null) return null;
        if (!(node instanceof MappingNode m)) {
            reader.problem("redis", node, "must be a mapping with primary, replicas and sentinels");
            return null;
        }
        Map<String, Node> f = reader.fields(m, "redis.", Set.of("primary", "replicas", "sentinels"));
        String primary = reader.scalar(f.get("primary"), "redis.primary");
        if (primary == null) reader.problem("redis.primary", m, "required: the host that runs the primary");
        else redisHost(primary, f.get("primary"), "redis.primary", hosts);
        List<String> replicas = names(f.get("replicas"), "redis.replicas", hosts, Role.REDIS);
        List<String> sentinels = names(f.get("sentinels"), "redis.sentinels", hosts, Role.REDIS);
        if (replicas.contains(primary)) {
            reader.problem("redis.replicas", f.get("replicas"), primary + " is the primary, it cannot be a replica");
        }
        if (sentinels.size() == 2) {
            reader.problem(
                    "redis.sentinels",
                    f.get("sentinels"),
                    "2 sentinels cannot fail over: with either host lost, the one left is no majority; name 3 or more"
                            + " (or 1)");
        }
        return new Redis(primary, replicas, sentinels);
    }

    private void redisHost(String name, Node at, String field, List<Host> hosts) {
        var host = hosts.stream().filter(h -> h.name().equals(name)).findFirst();
        if (host.isEmpty()) reader.problem(field, at, "no host named " + name + known(hosts));
        else if (!host.get().has(Role.REDIS)) reader.problem(field, at, name + " does not have the redis role");
    }

    private List<String> names(Node node, String field, List<Host> hosts, Role role) {
        List<String> out = new ArrayList<>();
        if (node == null) return out;
        for (Node item : items(node, field)) {
            String name = reader.scalar(item, field);
            if (name == null) continue;
            var host = hosts.stream().filter(h -> h.name().equals(name)).findFirst();
            if (host.isEmpty()) reader.problem(field, item, "no host named " + name + known(hosts));
            else if (!host.get().has(role))
                reader.problem(field, item, name + " does not have the " + role.word() + " role");
            else if (out.contains(name)) reader.problem(field, item, name + " is named twice");
            else out.add(name);
        }
        return out;
    }

    private Map<String, List<String>> apps(Node node, List<Host> hosts) {
        Map<String, List<String>> apps = new LinkedHashMap<>();
        if (node == null) return apps;
        if (!(node instanceof MappingNode m)) {
            reader.problem("apps", node, "must map each app to the hosts it runs on");
            return apps;
        }
        for (NodeTuple t : m.getValue()) {
            String app = reader.scalar(t.getKeyNode(), "apps");
            if (app != null) apps.put(app, names(t.getValueNode(), "apps." + app, hosts, Role.AGENT));
        }
        return apps;
    }

    private Control control(Node node) {
        if (node == null) return null;
        if (!(node instanceof MappingNode m)) {
            reader.problem("control", node, "must be a mapping with url and join-token-file");
            return null;
        }
        Map<String, Node> f =
                reader.fields(m, "control.", Set.of("url", "join-token-file", "ca-fingerprint", "router-token-file"));
        String url = reader.scalar(f.get("url"), "control.url");
        String token = reader.scalar(f.get("join-token-file"), "control.join-token-file");
        String ca = reader.scalar(f.get("ca-fingerprint"), "control.ca-fingerprint");
        String router = reader.scalar(f.get("router-token-file"), "control.router-token-file");
        if (router != null && router.isBlank()) {
            reader.problem(
                    "control.router-token-file",
                    f.get("router-token-file"),
                    "must name a file holding a router token (gantry tokens create NAME --role router)");
            router = null;
        }
        if (url == null) reader.problem("control.url", m, "required: the control plane's URL as the hosts reach it");
        else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            reader.problem("control.url", f.get("url"), "must start with http:// or https://, was " + url);
        }
        if (token == null) {
            reader.problem(
                    "control.join-token-file", m, "required: a file holding a join token (gantry tokens create)");
        }
        return url == null || token == null
                ? null
                : new Control(url, dir.resolve(token), ca, router == null ? null : dir.resolve(router));
    }

    /** The {@code digitalocean} section: required with that provider, refused with another. */
    private DigitalOcean digitalocean(Node node, ProviderKind provider, Node root) {
        if (provider != ProviderKind.DIGITALOCEAN) {
            if (node != null) reader.problem("digitalocean", node, "only for provider: digitalocean");
            return null;
        }
        if (!(node instanceof MappingNode m)) {
            reader.problem(
                    "digitalocean",
                    node == null ? root : node,
                    "required by the digitalocean provider: a mapping with region (and size, image, token-file)");
            return null;
        }
        Map<String, Node> f = reader.fields(m, "digitalocean.", Set.of("region", "size", "image", "token-file", "api"));
        String region = reader.scalar(f.get("region"), "digitalocean.region");
        String size = f.containsKey("size") ? reader.scalar(f.get("size"), "digitalocean.size") : "s-1vcpu-2gb";
        String image = f.containsKey("image") ? reader.scalar(f.get("image"), "digitalocean.image") : "debian-12-x64";
        String token = reader.scalar(f.get("token-file"), "digitalocean.token-file");
        String api = reader.scalar(f.get("api"), "digitalocean.api");
        if (region == null) reader.problem("digitalocean.region", m, "required: a region slug, as fra1");
        for (String k : List.of("region", "size", "image")) {
            String v = k.equals("region") ? region : k.equals("size") ? size : image;
            if (v != null && !v.matches("[a-z0-9][a-z0-9._-]{0,63}"))
                reader.problem(
                        "digitalocean." + k,
                        f.get(k),
                        "must be a slug (lower-case letters, digits, '.', '_'," + " '-'), was " + v);
        }
        java.net.URI uri = DigitalOceanApi.PUBLIC;
        if (api != null) {
            if (!api.startsWith("https://") && !api.startsWith("http://127.0.0.1"))
                reader.problem("digitalocean.api", f.get("api"), "must be an https URL, was " + api);
            else uri = java.net.URI.create(api);
        }
        return new DigitalOcean(region, size, image, uri, token == null ? null : dir.resolve(token));
    }

    private List<Node> items(Node node, String field) {
        if (node instanceof SequenceNode s) return s.getValue();
        if (node instanceof ScalarNode) return List.of(node);
        reader.problem(field, node, "must be a list");
        return List.of();
    }

    private static String known(List<Host> hosts) {
        return hosts.isEmpty()
                ? ""
                : " (hosts: " + hosts.stream().map(Host::name).collect(Collectors.joining(", ")) + ")";
    }
}
