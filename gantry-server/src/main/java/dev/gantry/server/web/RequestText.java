package dev.gantry.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The text of a JSON request body, read no further than a route's limit. The control plane accepts uploads of
 * up to 1 GiB for deploys; JSON requests are far smaller, and anything past a route's limit is refused with 413
 * before it is parsed.
 */
public final class RequestText {
    private RequestText() {}

    /** The body as UTF-8 text; 413 when it is, or says it is, longer than {@code maxBytes} ({@code human} names it). */
    public static String text(Context ctx, int maxBytes, String human) {
        long declared = ctx.contentLength();
        if (declared > maxBytes) throw tooLarge(maxBytes, human, declared + " bytes");
        try {
            byte[] bytes = ctx.bodyInputStream().readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) throw tooLarge(maxBytes, human, "more");
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(int maxBytes, String human, String got) {
        return new ApiException(413, "body: must be at most " + maxBytes + " bytes (" + human + "), got " + got);
    }
}
