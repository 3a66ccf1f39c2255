package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.fleet.Environment.ProviderKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnvironmentParserTest {
    private static final Path DIR = Path.of("/srv/gantry/environments");

    private static Environment parse(String text) {
        return EnvironmentParser.parse(text, "prod", "environments/prod.yml", DIR);
    }

    @Test
    void aNetnsEnvironmentGivesHostsAddressesInFileOrderAfterTheBridge() {
        Environment env = parse("""
                provider: netns
                network: 10.77.3.0/24
                control: {url: http://10.77.3.1:7070, join-token-file: join-token}
                hosts:
                  - {name: node1, roles: [agent, redis, router]}
                  - {name: node2, roles: [agent, redis]}
                  - {name: node3, roles: [agent], address: 10.77.3.30}
                redis: {primary: node1, replicas: [node2], sentinels: [node1]}
                apps: {markdown: [node1, node2, node3]}
                """);
        assertThat(env.provider()).isEqualTo(ProviderKind.NETNS);
        assertThat(env.hosts()).extracting(Host::address).containsExactly("10.77.3.2", "10.77.3.3", "10.77.3.30");
        assertThat(env.host("node1").orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.AGENT, Role.REDIS, Role.ROUTER);
        assertThat(env.redis().replicas()).containsExactly("node2");
        assertThat(env.apps()).containsEntry("markdown", java.util.List.of("node1", "node2", "node3"));
        assertThat(env.control().joinTokenFile()).isEqualTo(DIR.resolve("join-token"));
        assertThat(env.with(Role.REDIS)).extracting(Host::name).containsExactly("node1", "node2");
    }

    @Test
    void theAnnotatedExampleEnvironmentIsValid() throws Exception {
        Environment env = EnvironmentParser.read(Path.of("../deploy/environments/example.yml"));
        assertThat(env.name()).isEqualTo("example");
        assertThat(env.hosts()).extracting(Host::address).containsExactly("10.77.0.2", "10.77.0.3", "10.77.0.4");
        assertThat(env.redis().sentinels()).containsExactly("node1", "node2", "node3");
        assertThat(env.control().url()).isEqualTo("http://10.77.0.1:7070");
        assertThat(env.control().routerTokenFile()).hasFileName("router-token");
    }

    @Test
    void anSshEnvironmentNeedsAddressesAndResolvesKeysBesideTheFile() {
        Environment env = parse("""
                provider: ssh
                hosts:
                  - {name: web1, roles: [agent], address: 203.0.113.5, port: 2222, user: deploy, key: keys/web1}
                  - {name: web2, roles: [agent], address: 203.0.113.6}
                """);
        Host web1 = env.hosts().getFirst();
        assertThat(web1.port()).isEqualTo(2222);
        assertThat(web1.user()).isEqualTo("deploy");
        assertThat(web1.key()).isEqualTo(DIR.resolve("keys/web1"));
        assertThat(env.hosts().get(1).key()).isNull();
        assertThat(env.hosts().get(1).user()).isEqualTo("root");
    }

    @Test
    void anUnknownProviderIsNamedWithFileAndLine() {
        assertThatThrownBy(() -> parse("hosts: [{name: a, roles: [agent]}]\nprovider: docker\n"))
                .hasMessage(
                        "provider: unknown provider 'docker', must be netns, ssh or digitalocean (environments/prod.yml line 2)");
    }

    @Test
    void aDuplicateHostNameIsNamedWithBothLines() {
        assertThatThrownBy(() -> parse("""
                        provider: netns
                        hosts:
                          - {name: node1, roles: [agent]}
                          - {name: node1, roles: [agent]}
                        """))
                .hasMessage("hosts[1].name: duplicate host name node1, first on line 3 (environments/prod.yml line 4)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> parse("""
                        provider: netns
                        network: 10.77.0.1/24
                        hosts:
                          - {name: Node1, roles: [agent]}
                          - {name: node2, roles: [webserver]}
                          - {name: node3, roles: [agent], address: 192.168.1.4, colour: red}
                        redis: {primary: node3}
                        """))
                .hasMessageContaining("network: host bits must be 0, was 10.77.0.1/24 (environments/prod.yml line 2)")
                .hasMessageContaining("hosts[0].name: a host name is lower-case letters, digits and '-', starting"
                        + " with a letter, was Node1 (environments/prod.yml line 4)")
                .hasMessageContaining("hosts[1].roles: unknown role 'webserver', must be control, agent, redis or"
                        + " router (environments/prod.yml line 5)")
                .hasMessageContaining("hosts[2].colour: unknown key (environments/prod.yml line 6)")
                .hasMessageContaining("hosts[2].address: 192.168.1.4 is not a host address of 10.77.0.0/24")
                .hasMessageContaining(
                        "redis.primary: node3 does not have the redis role (environments/prod.yml line 7)");
    }

    @Test
    void aRedisTopologyThatCannotFailOverOrNamesAHostTwiceIsRefused() {
        assertThatThrownBy(() -> parse("""
                        provider: netns
                        hosts:
                          - {name: node1, roles: [redis]}
                          - {name: node2, roles: [redis]}
                          - {name: node3, roles: [agent]}
                        redis: {primary: node1, replicas: [node1, node3], sentinels: [node1, node2]}
                        """))
                .hasMessageContaining("redis.replicas: node1 is the primary, it cannot be a replica"
                        + " (environments/prod.yml line 6)")
                .hasMessageContaining(
                        "redis.replicas: node3 does not have the redis role (environments/prod.yml line 6)")
                .hasMessageContaining("redis.sentinels: 2 sentinels cannot fail over: with either host lost, the one"
                        + " left is no majority; name 3 or more (or 1) (environments/prod.yml line 6)");
    }

    @Test
    void anSshHostWithoutAnAddressAndAMissingProviderAreNamed() {
        assertThatThrownBy(() -> EnvironmentParser.parse(
                        "hosts: [{name: a, roles: [agent]}]\n", "prod", "environments/prod.yml", DIR))
                .hasMessage("provider: required: netns, ssh or digitalocean (environments/prod.yml)");
        assertThatThrownBy(() -> parse("provider: ssh\nhosts: [{name: a, roles: [agent]}]\n"))
                .hasMessage("hosts[0].address: required by the ssh provider (environments/prod.yml)");
    }

    @Test
    void anEnvironmentNameThatCannotBePartOfAnInterfaceNameIsRefused() {
        assertThatThrownBy(() -> EnvironmentParser.parse(
                        "provider: netns\nhosts: [{name: a, roles: [agent]}]\n",
                        "production",
                        "environments/production.yml",
                        DIR))
                .hasMessageStartingWith("name: an environment's name is 1-8 lower-case letters and digits");
    }

    @Test
    void theRouterCredentialResolvesBesideTheFileAndABlankOneIsNamedWithItsLine() {
        Environment env = parse("""
                provider: netns
                control: {url: http://10.77.3.1:7070, join-token-file: join-token, router-token-file: keys/router}
                hosts: [{name: node1, roles: [agent, router]}]
                """);
        assertThat(env.control().routerTokenFile()).isEqualTo(DIR.resolve("keys/router"));
        assertThat(parse("""
                        provider: netns
                        control: {url: http://10.77.3.1:7070, join-token-file: join-token}
                        hosts: [{name: node1, roles: [agent, router]}]
                        """).control().routerTokenFile()).isNull();
        assertThatThrownBy(() -> parse("""
                        provider: netns
                        hosts: [{name: node1, roles: [router]}]
                        control:
                          url: http://10.77.3.1:7070
                          join-token-file: join-token
                          router-token-file: ""
                        """))
                .hasMessage("control.router-token-file: must name a file holding a router token (gantry tokens create"
                        + " NAME --role router) (environments/prod.yml line 6)");
    }
}
