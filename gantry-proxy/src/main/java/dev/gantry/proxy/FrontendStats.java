package dev.gantry.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the client side of one router, for {@code /_gantry/metrics}. */
final class FrontendStats {
    final LongAdder rejectedRouterFull = new LongAdder();
    final LongAdder rejectedClientFull = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder headerTimeouts = new LongAdder();
    final LongAdder bodyTimeouts = new LongAdder();
    final LongAdder sendTimeouts = new LongAdder();
    final LongAdder idleCloses = new LongAdder();
    final LongAdder tlsHandshakeFailures = new LongAdder();
    /** 404s the router answered itself: no route for the host and path */
    final LongAdder noRoute = new LongAdder();
    /** 503s the router answered itself: no healthy backend for the app */
    final LongAdder noBackend = new LongAdder();
}
