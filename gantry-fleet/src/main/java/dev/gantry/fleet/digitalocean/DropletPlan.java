package dev.gantry.fleet.digitalocean;

import java.net.URI;
import java.time.Duration;

/**
 * What each droplet of an environment is made of, and how long to wait for it.
 *
 * @param api          where the API is: {@link DigitalOceanApi#PUBLIC}, or a test's server
 * @param region       a region slug, as {@code fra1}
 * @param size         a size slug, as {@code s-1vcpu-2gb}
 * @param image        an image slug or id, as {@code debian-12-x64}
 * @param pollEvery    how often a droplet that is not active yet is looked at
 * @param readyTimeout how long droplets may take to become active (or to go, on destroy)
 */
public record DropletPlan(
        URI api, String region, String size, String image, Duration pollEvery, Duration readyTimeout) {
    public static final Duration POLL_EVERY = Duration.ofSeconds(5);
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    public DropletPlan {
        if (api == null) throw new IllegalArgumentException("digitalocean.api: is required");
        slug("digitalocean.region", region);
        slug("digitalocean.size", size);
        slug("digitalocean.image", image);
        if (pollEvery == null || pollEvery.isNegative() || pollEvery.isZero())
            throw new IllegalArgumentException("pollEvery: must be positive, was " + pollEvery);
        if (readyTimeout == null || readyTimeout.compareTo(pollEvery) < 0)
            throw new IllegalArgumentException("readyTimeout: must be at least pollEvery, was " + readyTimeout);
    }

    /** On the public API with the usual waits. */
    public static DropletPlan of(String region, String size, String image) {
        return new DropletPlan(DigitalOceanApi.PUBLIC, region, size, image, POLL_EVERY, READY_TIMEOUT);
    }

    private static void slug(String field, String value) {
        if (value == null || !value.matches("[a-z0-9][a-z0-9._-]{0,63}"))
            throw new IllegalArgumentException(
                    field + ": must be a slug (lower-case letters, digits, '.', '_', '-'), was " + value);
    }
}
