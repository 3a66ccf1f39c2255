package dev.gantry.api;

/**
 * One app as {@code gantry apps} shows it.
 *
 * @param release   the live release number; 0 before the first successful deploy
 * @param instances how many instances should run
 * @param ready     how many of them are ready for traffic
 * @param host      the Host header the router matches
 * @param path      the path prefix the router matches
 */
public record AppSummary(String name, int release, int instances, int ready, String host, String path) {}
