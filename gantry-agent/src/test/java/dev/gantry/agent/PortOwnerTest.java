package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets: one this JVM listens on is owned by this pid; one a child process listens on is the child's. */
class PortOwnerTest {
    static final Path PROC = Path.of("/proc");
    static final long SELF = ProcessHandle.current().pid();

    Process child;

    @AfterEach
    void tearDown() {
        if (child != null) child.destroyForcibly();
    }

    @Test
    void aSocketThisJvmListensOnIsOwnedByThisPidAndForeignToAnyOther() throws Exception {
        PortOwner owners = linuxOwners();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            child = new ProcessBuilder("sleep", "60").start();

            assertThat(owners.of(port, List.of(SELF, child.pid()))).isEqualTo(new PortOwner.Own());
            assertThat(owners.of(port, List.of(child.pid()))).isEqualTo(new PortOwner.Foreign(OptionalLong.of(SELF)));
        }
    }

    @Test
    void aSocketAChildProcessListensOnIsTheChildsOnTheWildcardAddress() throws Exception {
        PortOwner owners = linuxOwners();
        int port = freePort();
        child = new ProcessBuilder("python3", "-m", "http.server", "--bind", "0.0.0.0", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));

        assertThat(owners.of(port, List.of(child.pid()))).isEqualTo(new PortOwner.Own());
        assertThat(owners.of(port, List.of(SELF))).isEqualTo(new PortOwner.Foreign(OptionalLong.of(child.pid())));
    }

    @Test
    void anIpv6LoopbackListenerCountsAsWell() throws Exception {
        PortOwner owners = linuxOwners();
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        try (ServerSocket socket = new ServerSocket()) {
            try {
                socket.bind(new InetSocketAddress(ipv6Loopback, 0));
            } catch (IOException e) {
                assumeTrue(false, "no IPv6 loopback here: " + e);
            }
            int port = socket.getLocalPort();

            assertThat(owners.of(port, List.of(SELF))).isEqualTo(new PortOwner.Own());
            assertThat(owners.of(port, List.of())).isEqualTo(new PortOwner.Foreign(OptionalLong.of(SELF)));
        }
    }

    @Test
    void aPortNobodyListensOnHasNoOwner() throws Exception {
        assertThat(linuxOwners().of(freePort(), List.of(SELF))).isEqualTo(new PortOwner.Nobody());
    }

    @Test
    void withoutProcNetTcpTheCheckIsOffAndSaysWhy(@TempDir Path fakeProc) {
        PortOwner owners = PortOwner.probe(fakeProc);

        assertThat(owners.problem()).hasValue("no " + fakeProc.resolve("net/tcp") + " (not Linux?)");
        assertThat(owners.of(8080, List.of(SELF)))
                .isEqualTo(new PortOwner.Unknown("no " + fakeProc.resolve("net/tcp") + " (not Linux?)"));
    }

    @Test
    void onlyListeningSocketsOnThePortAreTakenFromATable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:5208 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0",
                "   1: 00000000:5208 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0",
                "   2: 0100007F:5208 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 333 1 0",
                "   3: 0100007F:5209 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1 0",
                "   4: 00000000000000000000000000000000:5208 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 555 1 0");

        assertThat(PortOwner.listening(table, 0x5208)).containsExactlyInAnyOrder(111L, 222L, 555L);
    }

    private static PortOwner linuxOwners() {
        assumeTrue(Files.isReadable(PROC.resolve("net/tcp")), "needs Linux's /proc");
        PortOwner owners = PortOwner.probe(PROC);
        assertThat(owners.problem()).isEmpty();
        return owners;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
