package dev.gantry.server.flags;

import dev.gantry.server.web.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The text of a flags API request body (a flag, a segment, a toggle, an evaluation context), read
 * no further than {@link #MAX_BYTES}. The control plane
 * accepts uploads of up to 1 GiB for deploys; a flag, segment or evaluation request is never near
 * that, and every stored flag goes to every SDK, so anything larger is refused with 413.
 */
final class FlagRequestText {
    static final int MAX_BYTES = 1 << 20;

    private FlagRequestText() {}

    static String text(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_BYTES) throw tooLarge(declared + " bytes");
        try {
            byte[] bytes = ctx.bodyInputStream().readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw tooLarge("more");
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(String got) {
        return new ApiException(413, "body: must be at most " + MAX_BYTES + " bytes (1 MiB), got " + got);
    }
}
