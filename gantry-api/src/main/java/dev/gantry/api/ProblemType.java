package dev.gantry.api;

/** The kinds of {@link Problem}, each with its URI and title. */
public enum ProblemType {
    BAD_REQUEST("bad-request", "Bad request"),
    INVALID_SPEC("invalid-spec", "Invalid gantry.yml"),
    UNAUTHORIZED("unauthorized", "Missing or wrong credential"),
    FORBIDDEN("forbidden", "Not allowed with this credential"),
    NOT_FOUND("not-found", "Not found"),
    CONFLICT("conflict", "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large"),
    AGENT_UNAVAILABLE("agent-unavailable", "The host's agent cannot be reached"),
    STORE_UNAVAILABLE("store-unavailable", "The store is unavailable, retry shortly"),
    INTERNAL("internal", "Internal error");

    private static final String PREFIX = "urn:gantry:problem:";
    private final String uri;
    private final String title;

    ProblemType(String name, String title) {
        this.uri = PREFIX + name;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The usual type of an error status: 400 bad request, 404 not found, ...; {@link #INTERNAL} for the others. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            default -> INTERNAL;
        };
    }

    /** The type with this URI; {@link #INTERNAL} for one this version does not know. */
    public static ProblemType of(String uri) {
        for (ProblemType t : values()) {
            if (t.uri.equals(uri)) return t;
        }
        return INTERNAL;
    }
}
