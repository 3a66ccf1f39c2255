package dev.gantry.fleet.digitalocean;

import java.io.IOException;

/**
 * The DigitalOcean API refused a request: the HTTP status, the error's {@code id} (as {@code unauthorized},
 * {@code unprocessable_entity}, {@code too_many_requests}) and its {@code message}, with what was asked.
 */
public final class DigitalOceanException extends IOException {
    private final int status;
    private final String id;

    DigitalOceanException(String request, int status, String id, String message) {
        super(request + ": DigitalOcean answered " + status + (id == null ? "" : " " + id)
                + (message == null || message.isBlank() ? "" : ": " + message));
        this.status = status;
        this.id = id;
    }

    public int status() {
        return status;
    }

    /** The error's id in DigitalOcean's error body; null when it sent none. */
    public String id() {
        return id;
    }
}
