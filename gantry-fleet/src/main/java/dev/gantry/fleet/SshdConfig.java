package dev.gantry.fleet;

import java.nio.file.Path;

/**
 * The sshd configuration of one {@code netns} host: it listens on the host's address only, presents the host's own
 * generated key, and lets in root with the environment's generated key and nothing else. StrictModes is off because
 * the authorized key lives in Gantry's data directory, whose parents (such as /tmp) may be group- or world-writable;
 * the file itself is written by root.
 */
record SshdConfig(String address, Path hostKey, Path authorizedKey, Path pidFile) {
    String text() {
        return String.join(
                "\n",
                "# written by gantry up; the host's sshd",
                "ListenAddress " + address,
                "Port 22",
                "HostKey " + hostKey,
                "PidFile " + pidFile,
                "AuthorizedKeysFile " + authorizedKey,
                "AuthenticationMethods publickey",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AllowUsers root",
                "UsePAM no",
                "StrictModes no",
                "PrintMotd no",
                "Subsystem sftp internal-sftp",
                "");
    }
}
