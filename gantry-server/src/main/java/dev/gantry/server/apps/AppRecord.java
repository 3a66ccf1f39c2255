package dev.gantry.server.apps;

import dev.gantry.api.AppSpec;

/**
 * What the control plane knows of one app.
 *
 * @param spec      the spec of the release now live (or being built, before the first release)
 * @param release   the live release number; 0 before the first successful deploy
 * @param instances how many instances should run
 */
public record AppRecord(String name, AppSpec spec, int release, int instances, long createdAt) {
    public AppRecord withRelease(int number, AppSpec newSpec) {
        return new AppRecord(name, newSpec, number, newSpec.instances(), createdAt);
    }

    public AppRecord withInstances(int count) {
        return new AppRecord(name, spec, release, count, createdAt);
    }
}
