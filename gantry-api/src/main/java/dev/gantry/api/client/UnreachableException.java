package dev.gantry.api.client;

import java.net.ConnectException;
import java.net.URI;

/** No connection to the control plane could be made (after the retries the call allows). */
public final class UnreachableException extends ConnectException {
    private final URI baseUrl;

    public UnreachableException(URI baseUrl, String method, String uri, Throwable cause) {
        super(method + " " + uri + ": cannot connect (" + cause + ")");
        this.baseUrl = baseUrl;
        initCause(cause);
    }

    /** The control plane's base URL as the client was given it. */
    public URI baseUrl() {
        return baseUrl;
    }
}
