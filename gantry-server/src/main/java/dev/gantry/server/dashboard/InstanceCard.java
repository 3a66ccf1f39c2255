package dev.gantry.server.dashboard;

/**
 * One instance on the dashboard, a green or red box (the {@code instance} event).
 *
 * @param state       as its agent reports it ({@code READY}, {@code STARTING}, ...), or {@code GONE} once no report
 *                    names it
 * @param up          it is READY
 * @param cpu         percent of one core
 * @param memoryBytes memory charged to it
 * @param standby     placed but taking no traffic (draining, or a blue-green set kept for a fast rollback); null when
 *                    the control plane does not place it
 * @param canary      it runs the release a running canary judges
 */
public record InstanceCard(
        String id,
        String app,
        int release,
        String host,
        String state,
        boolean up,
        int restarts,
        Double cpu,
        Long memoryBytes,
        Boolean standby,
        boolean canary) {}
