package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends an AgentReport every second and promptly after a state change; an outage is logged once, not per attempt. */
final class Reporter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Reporter.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ControlPlane controlPlane;
    private final Supplier<AgentReport> reports;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running = true;
    private boolean failing;

    Reporter(ControlPlane controlPlane, Supplier<AgentReport> reports) {
        this.controlPlane = controlPlane;
        this.reports = reports;
    }

    /** Asks for a report soon; several requests in a row make one report. */
    void trigger() {
        wakeUps.offer(Boolean.TRUE);
    }

    void stop() {
        running = false;
        trigger();
    }

    @Override
    public void run() {
        while (running) {
            try {
                wakeUps.poll(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (running) sendOnce();
        }
    }

    void sendOnce() {
        try {
            controlPlane.report(reports.get());
            if (failing) log.info("reporting to the control plane works again");
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) log.warn("cannot report to the control plane, will keep trying error=\"{}\"", e.getMessage());
            failing = true;
        }
    }
}
