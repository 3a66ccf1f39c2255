package dev.gantry.flags.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that reports every successful read, so a watchdog can tell a live stream from a dead one. */
final class ActivityStream extends FilterInputStream {
    private final Runnable onRead;

    ActivityStream(InputStream in, Runnable onRead) {
        super(in);
        this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) onRead.run();
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) onRead.run();
        return n;
    }
}
