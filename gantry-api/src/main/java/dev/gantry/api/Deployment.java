package dev.gantry.api;

import java.util.List;

/**
 * A deployment as a client following it sees it, from progress line {@code from} on.
 *
 * @param release the release it puts live (for scale and stop: the live one)
 * @param message how it ended, or what it is doing
 * @param lines   progress lines from the one asked for
 * @param next    the line number to ask for next
 */
public record Deployment(
        String id, String app, int release, DeploymentState state, String message, List<String> lines, int next) {
    public Deployment {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
