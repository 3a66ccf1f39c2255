package dev.gantry.server.flags;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Stands in for Jetty's non-blocking response stream: writes are kept in memory; a stream made
 * {@link #stuck()} takes its first flush and then reports not ready (a client that stopped
 * reading) until {@link #drain()}, which calls the listener back as Jetty would.
 */
final class FakeServletOutputStream extends ServletOutputStream {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final boolean stuckAfterFirstFlush;
    private volatile boolean ready = true;
    private volatile WriteListener listener;
    private volatile IOException failure;
    private int flushes;

    private FakeServletOutputStream(boolean stuckAfterFirstFlush) {
        this.stuckAfterFirstFlush = stuckAfterFirstFlush;
    }

    static FakeServletOutputStream healthy() {
        return new FakeServletOutputStream(false);
    }

    static FakeServletOutputStream stuck() {
        return new FakeServletOutputStream(true);
    }

    /** Every write fails from now on, like a connection the client reset. */
    FakeServletOutputStream failing() {
        failure = new IOException("connection reset");
        return this;
    }

    /** The client reads again: the stream is ready and the listener hears so. */
    void drain() throws IOException {
        ready = true;
        listener.onWritePossible();
    }

    synchronized String text() {
        return written.toString();
    }

    synchronized int flushes() {
        return flushes;
    }

    @Override
    public boolean isReady() {
        if (listener == null) throw new IllegalStateException("isReady() before setWriteListener()");
        return ready;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        this.listener = writeListener;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (!ready) throw new IllegalStateException("write() while not ready");
        if (failure != null) throw failure;
        written.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!ready) throw new IllegalStateException("flush() while not ready");
        if (failure != null) throw failure;
        flushes++;
        if (stuckAfterFirstFlush && flushes == 1) ready = false;
    }
}
