package dev.gantry.server.releases;

import java.util.List;

/**
 * The set a blue-green switch took traffic from: still running, at weight 0, so that {@code gantry rollback} can switch
 * back to it without starting anything, until {@code until}; then it is stopped. One per app at most.
 *
 * @param release    the release its instances run
 * @param placements the ids of its instances
 * @param until      when it is stopped (epoch millis)
 * @param deployment the deployment that made it, for the log lines
 */
record Standby(String app, int release, List<String> placements, long until, String deployment) {
    Standby {
        placements = List.copyOf(placements);
    }
}
