package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshProviderTest {
    @TempDir
    Path data;

    @Test
    void upNamesEveryHostThatCannotBeReachedAndWhy() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        Environment env = EnvironmentParser.parse(
                "provider: ssh\nhosts:\n  - {name: web1, roles: [agent], address: 127.0.0.1, port: " + closed + "}\n",
                "ssht",
                "ssht.yml",
                data);
        EnvironmentFiles files = EnvironmentFiles.of(data, env.name());
        files.ensureKey();
        assertThatThrownBy(() -> new SshProvider().create(env, files))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot reach 1 of 1 hosts of ssht:\n  host web1: connection refused at root@127.0.0.1:"
                        + closed + " (no sshd listening?)");
    }
}
