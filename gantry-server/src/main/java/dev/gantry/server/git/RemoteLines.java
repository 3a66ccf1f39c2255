package dev.gantry.server.git;

import java.io.IOException;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * What the pusher's terminal shows as {@code remote: ...}: lines on git's progress side band, each sent as it comes
 * (flushed per line, so a build's output arrives as it runs). Command output is capped at a number of lines (the
 * rest is counted and said once); the platform's own lines always pass. Control characters (terminal escapes) are
 * dropped and a line is cut at {@value #MAX_LINE} characters. A pusher who went away costs nothing: writes to it
 * are dropped.
 */
final class RemoteLines {
    static final int MAX_LINE = 1_000;
    private final ReceivePack rp;
    private final int maxOutputLines;
    private int shown;
    private int dropped;
    private long lastSent = System.nanoTime();

    RemoteLines(ReceivePack rp, int maxOutputLines) {
        this.rp = rp;
        this.maxOutputLines = maxOutputLines;
    }

    /** A line of the platform's own: always shown. */
    void say(String line) {
        send(line);
    }

    /** A line of the build's, the tests' or the rollout's output: shown until the cap, then counted. */
    void output(String line) {
        if (shown >= maxOutputLines) {
            dropped++;
            return;
        }
        shown++;
        send(line);
    }

    /** How many output lines the cap held back. */
    int dropped() {
        return dropped;
    }

    /** Nanoseconds since the last line went out (a keep-alive is due after a quiet while). */
    long quietNanos() {
        return System.nanoTime() - lastSent;
    }

    private void send(String line) {
        rp.sendMessage(clean(line));
        try {
            rp.getMessageOutputStream().flush();
        } catch (IOException e) {
            // the pusher went away; the deployment goes on regardless
        }
        lastSent = System.nanoTime();
    }

    /** {@code line} without control characters (tabs become spaces), cut at {@value #MAX_LINE} characters. */
    static String clean(String line) {
        StringBuilder b = new StringBuilder(Math.min(line.length(), MAX_LINE + 1));
        for (int i = 0; i < line.length() && b.length() < MAX_LINE; i++) {
            char c = line.charAt(i);
            if (c == '\t') b.append(' ');
            else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) b.append(c);
        }
        if (line.length() > MAX_LINE && b.length() >= MAX_LINE) b.append('…');
        return b.toString();
    }
}
