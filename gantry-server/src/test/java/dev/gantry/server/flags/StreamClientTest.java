package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StreamClientTest {

    @Test
    void frames_are_written_in_the_order_they_were_offered() {
        FakeServletOutputStream out = FakeServletOutputStream.healthy();
        StreamClient client = started(new StreamClient("c", "production", out, new CompletableFuture<>(), 100));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            client.offer(("f" + i + ";").getBytes());
            expected.append("f").append(i).append(';');
        }
        assertThat(out.text()).isEqualTo(expected.toString());
    }

    @Test
    void frames_queued_while_the_socket_is_full_go_out_in_one_flush_when_it_drains() throws Exception {
        FakeServletOutputStream out = FakeServletOutputStream.stuck();
        StreamClient client = started(new StreamClient("c", "production", out, new CompletableFuture<>(), 100));
        client.offer("a;".getBytes());
        client.offer("b;".getBytes());
        client.offer("c;".getBytes());
        assertThat(out.text()).isEqualTo("a;");
        out.drain();
        assertThat(out.text()).isEqualTo("a;b;c;");
        assertThat(out.flushes()).isEqualTo(2);
    }

    @Test
    void a_client_that_stops_reading_is_dropped_when_its_queue_overflows_and_others_go_on() throws Exception {
        FakeServletOutputStream stuck = FakeServletOutputStream.stuck();
        CompletableFuture<Void> stuckDone = new CompletableFuture<>();
        AtomicBoolean removed = new AtomicBoolean();
        StreamClient slow = started(new StreamClient("slow", "production", stuck, stuckDone, 4));
        slow.onClose(() -> removed.set(true));
        FakeServletOutputStream fine = FakeServletOutputStream.healthy();
        StreamClient fast = started(new StreamClient("fast", "production", fine, new CompletableFuture<>(), 100));

        slow.offer("first".getBytes());
        for (int i = 0; i < 5; i++) {
            slow.offer("x".getBytes());
            fast.offer("y".getBytes());
        }
        assertThat(slow.isClosed()).isTrue();
        assertThat(stuckDone).isDone();
        assertThat(removed).isTrue();
        assertThat(fine.text()).isEqualTo("yyyyy");
        stuck.drain();
        assertThat(stuck.text()).as("nothing is written after the drop").isEqualTo("first");
    }

    @Test
    void a_failed_write_drops_the_client_without_completing_the_request() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean removed = new AtomicBoolean();
        StreamClient client = started(new StreamClient(
                "gone", "production", FakeServletOutputStream.healthy().failing(), done, 10));
        client.onClose(() -> removed.set(true));
        assertThat(client.offer("frame".getBytes())).isTrue();
        assertThat(client.isClosed()).isTrue();
        assertThat(removed).isTrue();
        assertThat(done).isNotDone();
    }

    @Test
    void an_error_reported_by_the_container_drops_the_client_without_completing_the_request() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamClient client =
                started(new StreamClient("gone", "production", FakeServletOutputStream.healthy(), done, 10));
        client.onError(new java.io.IOException("broken pipe"));
        assertThat(client.isClosed()).isTrue();
        assertThat(client.offer("frame".getBytes())).isFalse();
        assertThat(done).isNotDone();
    }

    private static StreamClient started(StreamClient client) {
        client.start();
        return client;
    }
}
