package dev.gantry.proxy;

/**
 * The client side an {@link Exchange} answers to: an HTTP/1.x connection, or one HTTP/2 stream.
 */
interface ExchangeOwner {
    /** The response has been handed to the client channel; {@code keepAlive}: the channel can take another request. */
    void onExchangeDone(boolean keepAlive);

    /**
     * The backend accepted a WebSocket handshake: the exchange is over and the connection becomes
     * {@code tunnel} (only HTTP/1.1 client connections ask for one).
     */
    void onSwitched(Tunnel tunnel);

    /** The exchange waits for the client to take response bytes ({@code true}), or no longer does. */
    void awaitingClient(boolean waiting);
}
