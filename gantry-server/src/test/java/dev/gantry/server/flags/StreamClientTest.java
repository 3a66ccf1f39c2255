package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamClientTest {
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    writers.shutdownNow();
  }

  @Test
  void frames_are_written_in_the_order_they_were_offered() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamClient client = new StreamClient("c", "production", out, new CompletableFuture<>(), writers, 100);
    for (int i = 0; i < 50; i++) client.offer(("f" + i + ";").getBytes());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50; i++) expected.append("f").append(i).append(';');
    await().until(() -> out.toString().equals(expected.toString()));
  }

  @Test
  void a_client_that_stops_reading_is_dropped_when_its_queue_overflows_and_others_go_on() throws Exception {
    FakeStuckOutputStream stuck = new FakeStuckOutputStream();
    CompletableFuture<Void> stuckDone = new CompletableFuture<>();
    AtomicBoolean removed = new AtomicBoolean();
    StreamClient slow = new StreamClient("slow", "production", stuck, stuckDone, writers, 4);
    slow.onClose(() -> removed.set(true));
    ByteArrayOutputStream fine = new ByteArrayOutputStream();
    StreamClient fast = new StreamClient("fast", "production", fine, new CompletableFuture<>(), writers, 100);

    slow.offer("first".getBytes());
    stuck.writing.await();
    for (int i = 0; i < 5; i++) {
      slow.offer("x".getBytes());
      fast.offer("y".getBytes());
    }
    assertThat(slow.isClosed()).isTrue();
    assertThat(stuckDone).isDone();
    assertThat(removed).isTrue();
    await().until(() -> fine.toString().equals("yyyyy"));
    stuck.release.countDown();
  }

  @Test
  void a_failed_write_drops_the_client_without_completing_the_request() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("connection reset");
      }
    };
    StreamClient client = new StreamClient("gone", "production", broken, done, writers, 10);
    client.offer("frame".getBytes());
    await().until(client::isClosed);
    assertThat(done).isNotDone();
  }

  /** An output stream whose first write blocks until released, like a client that stopped reading. */
  static final class FakeStuckOutputStream extends OutputStream {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
