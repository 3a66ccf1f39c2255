package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void every_stream_gets_every_frame_in_order_when_the_writes_are_split_across_threads() {
        List<FakeServletOutputStream> outs = new ArrayList<>();
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < 5 * FanOut.MIN_SLICE + 7; i++) {
            FakeServletOutputStream out = FakeServletOutputStream.healthy();
            StreamClient client = new StreamClient("c" + i, "production", out, new CompletableFuture<>(), 1_000);
            client.start();
            outs.add(out);
            clients.add(client);
        }
        StringBuilder expected = new StringBuilder();
        try (FanOut fanOut = new FanOut(4)) {
            for (int f = 0; f < 20; f++) {
                fanOut.send(clients, ("f" + f + ";").getBytes());
                expected.append("f").append(f).append(';');
            }
            await().until(() -> outs.stream().allMatch(o -> o.text().length() == expected.length()));
        }
        assertThat(outs).allSatisfy(o -> assertThat(o.text()).isEqualTo(expected.toString()));
    }

    @Test
    void a_fan_out_needs_at_least_one_thread() {
        assertThatThrownBy(() -> new FanOut(0)).hasMessage("threads: must be >= 1, was 0");
    }
}
