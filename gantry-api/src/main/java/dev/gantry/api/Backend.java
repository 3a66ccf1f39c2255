package dev.gantry.api;

/**
 * One instance the router may send traffic to.
 *
 * @param id      instance id, unique across the platform
 * @param host    address the router connects to (an IP or name)
 * @param port    TCP port the instance listens on
 * @param release release number the instance runs
 * @param weight  relative share of the app's traffic, 0 to 1000; 0 takes no new requests (draining)
 */
public record Backend(String id, String host, int port, int release, int weight) {
    public Backend {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("backend id: must not be blank");
        if (host == null || host.isBlank()) throw new IllegalArgumentException("backend host: must not be blank");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("backend port: must be 1..65535, was " + port);
        if (weight < 0 || weight > 1000)
            throw new IllegalArgumentException("backend weight: must be 0..1000, was " + weight);
    }

    public String address() {
        return host + ":" + port;
    }
}
