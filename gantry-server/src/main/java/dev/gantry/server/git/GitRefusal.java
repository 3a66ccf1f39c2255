package dev.gantry.server.git;

/**
 * A git request refused before git's protocol starts: answered as {@code text/plain} with this status, which git
 * prints to the pusher as {@code remote: <message>} (a problem+json body it would not show).
 */
final class GitRefusal extends RuntimeException {
    private final int status;

    GitRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
