package dev.gantry.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A {@link FakeBackend} in its own process, so a test can kill it with SIGKILL. Args: name port. */
public final class FakeBackendMain {
    private FakeBackendMain() {}

    public static void main(String[] args) throws IOException {
        FakeBackend backend = new FakeBackend(args[0], Integer.parseInt(args[1]));
        System.out.println("READY " + backend.port());
        System.out.flush();
        // Serve until the parent closes our stdin (or kills us).
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        backend.close();
    }
}
