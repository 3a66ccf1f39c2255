package dev.gantry.fleet.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Gantry reads of a droplet: its id, name, status ({@code new}, {@code active}, {@code off}, {@code archive}),
 * tags, and its public IPv4 address once it has one (null before).
 */
public record Droplet(long id, String name, String status, List<String> tags, String publicIpv4) {
    public Droplet {
        tags = List.copyOf(tags);
    }

    public boolean active() {
        return "active".equals(status) && publicIpv4 != null;
    }

    static Droplet of(JsonNode d) {
        List<String> tags = new ArrayList<>();
        d.path("tags").forEach(t -> tags.add(t.asText()));
        String ip = null;
        for (JsonNode v4 : d.path("networks").path("v4")) {
            if ("public".equals(v4.path("type").asText()))
                ip = v4.path("ip_address").asText(null);
        }
        return new Droplet(
                d.path("id").asLong(), d.path("name").asText(), d.path("status").asText(), tags, ip);
    }
}
