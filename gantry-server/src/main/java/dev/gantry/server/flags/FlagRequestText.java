package dev.gantry.server.flags;

import dev.gantry.server.web.RequestText;
import io.javalin.http.Context;

/**
 * The text of a flags API request body (a flag, a segment, a toggle, an evaluation context), read
 * no further than {@link #MAX_BYTES}: a flag, segment or evaluation request is never near that, and
 * every stored flag goes to every SDK, so anything larger is refused with 413.
 */
final class FlagRequestText {
    static final int MAX_BYTES = 1 << 20;

    private FlagRequestText() {}

    static String text(Context ctx) {
        return RequestText.text(ctx, MAX_BYTES, "1 MiB");
    }
}
