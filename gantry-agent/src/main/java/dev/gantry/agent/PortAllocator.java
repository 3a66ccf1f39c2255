package dev.gantry.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Hands out ports from a range: skips ports held by known instances, checks the rest by binding, and moves on
 * round-robin so a port just given up is not handed out again at once. It starts at a random place in the range, so
 * that two agents on one host (tests, or a second agent beside the embedded one) do not both try the same first
 * ports: a port checked free by one can be taken by the other's app before this one's app binds it.
 */
final class PortAllocator {
    private final int from;
    private final int to;
    private int next;

    PortAllocator(int from, int to) {
        this.from = from;
        this.to = to;
        this.next = from + java.util.concurrent.ThreadLocalRandom.current().nextInt(to - from + 1);
    }

    synchronized OptionalInt allocate(Set<Integer> held) {
        int size = to - from + 1;
        for (int i = 0; i < size; i++) {
            int port = next;
            next = next == to ? from : next + 1;
            if (!held.contains(port) && bindable(port)) return OptionalInt.of(port);
        }
        return OptionalInt.empty();
    }

    String range() {
        return from + ".." + to;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
