package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The body parts of one request: those not yet written to the backend, and, while the body stays
 * under {@link #REPLAY_LIMIT}, a copy of every part so the request can be sent again to another
 * backend. Bodies above the limit stream through and make the request not replayable.
 */
final class BodyBuffer {
    static final int REPLAY_LIMIT = 64 * 1024;

    private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>(4);
    private List<HttpContent> replay;
    private boolean replayable = true;
    private long bytes;

    void add(HttpContent part) {
        bytes += part.content().readableBytes();
        if (replayable) keepForReplay(part);
        unsent.add(part);
    }

    long bytes() {
        return bytes;
    }

    HttpContent pollUnsent() {
        return unsent.poll();
    }

    boolean replayable() {
        return replayable;
    }

    /** Starts over: every part received so far becomes unsent again. Requires {@link #replayable()}. */
    void rewind() {
        if (!replayable)
            throw new IllegalStateException("request body over " + REPLAY_LIMIT + " bytes is not replayable");
        releaseAll(unsent);
        if (replay != null) {
            for (HttpContent part : replay) unsent.add(part.retainedDuplicate());
        }
    }

    void release() {
        releaseAll(unsent);
        if (replay != null) releaseAll(replay);
    }

    private void keepForReplay(HttpContent part) {
        if (bytes > REPLAY_LIMIT) {
            replayable = false;
            if (replay != null) releaseAll(replay);
            return;
        }
        if (replay == null) replay = new ArrayList<>(2);
        replay.add(part.retainedDuplicate());
    }

    private static void releaseAll(java.util.Collection<HttpContent> parts) {
        for (HttpContent part : parts) part.release();
        parts.clear();
    }
}
