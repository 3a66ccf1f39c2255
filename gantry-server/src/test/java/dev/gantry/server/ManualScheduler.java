package dev.gantry.server;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic scheduler for tests: nothing runs until the test says so, on the test's thread.
 * {@link #runDue()} runs what is due now (and what that queues for now); {@link #advance} moves the
 * {@link ManualClock} to each due task in turn and runs it, so a five-minute timeout passes in a
 * millisecond. Tasks due at the same time run in the order they were queued.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ManualClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** Runs every task due now, including those they queue for now; returns how many ran. */
    public int runDue() {
        int ran = 0;
        for (Task<?> t; (t = nextDue(clock.millis())) != null; ran++) t.run();
        return ran;
    }

    /** Moves the clock by {@code d}, running each task as its time comes. */
    public void advance(Duration d) {
        long until = clock.millis() + d.toMillis();
        for (Task<?> t; (t = nextDue(until)) != null; ) {
            if (t.due > clock.millis()) clock.set(t.due);
            t.run();
        }
        clock.set(until);
    }

    /** How many tasks wait (due now or later). */
    public synchronized int pending() {
        queue.removeIf(FutureTask::isCancelled);
        return queue.size();
    }

    private synchronized Task<?> nextDue(long until) {
        queue.removeIf(FutureTask::isCancelled);
        Task<?> head = queue.peek();
        return head != null && head.due <= until ? queue.poll() : null;
    }

    private synchronized <V> Task<V> add(Task<V> task) {
        if (shutdown) throw new RejectedExecutionException("scheduler shut down");
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        add(new Task<>(Executors.callable(command, null), clock.millis()));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(Executors.callable(command, null), clock.millis() + unit.toMillis(delay)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, clock.millis() + unit.toMillis(delay)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the deploy engine schedules one step at a time");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the deploy engine schedules one step at a time");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = List.copyOf(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long due;
        private final long order;

        Task(Callable<V> callable, long due) {
            super(callable);
            this.due = due;
            synchronized (ManualScheduler.this) {
                this.order = sequence++;
            }
        }

        @Override
        public void run() {
            super.run();
            try {
                get();
            } catch (java.util.concurrent.CancellationException e) {
                // cancelled while due
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("a scheduled task failed", e.getCause());
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }
    }
}
