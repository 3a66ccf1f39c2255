package dev.gantry.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs {@code onStop} once. */
final class Signals {
    private Signals() {}

    static void awaitStop(Runnable onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                onStop.run();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "gantry-shutdown"));
        stopped.await();
    }
}
