package dev.gantry.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * An answer as it came: status, headers and body text, decoded on demand with the client's mapper.
 * What {@link ControlPlaneClient#exchange} returns whatever the status.
 */
public final class Reply {
    private final int status;
    private final HttpHeaders headers;
    private final String body;
    private final ObjectMapper mapper;

    Reply(int status, HttpHeaders headers, String body, ObjectMapper mapper) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.mapper = mapper;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body as {@code type}; IllegalStateException naming the type when it does not decode. */
    public <T> T json(Class<T> type) {
        return json(mapper.constructType(type));
    }

    public <T> T json(JavaType type) {
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "the answer (" + status + ") is not a " + type.toCanonical() + ": " + e.getOriginalMessage()
                            + "; body: " + abbreviated(body),
                    e);
        }
    }

    @Override
    public String toString() {
        return status + " " + abbreviated(body);
    }

    static String abbreviated(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
