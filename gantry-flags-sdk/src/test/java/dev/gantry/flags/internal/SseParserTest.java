package dev.gantry.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SseParserTest {
    @Test
    void parsesEventsWithIdsTypesMultiLineDataAndComments() throws Exception {
        String body =
                ": ping\n\nid: 42\nevent: snapshot\ndata: {\"a\":\ndata: 1}\n\n:ping\ndata:plain\n\nid: 43\nevent: flag\n";
        List<SseEvent> events = new ArrayList<>();
        AtomicInteger comments = new AtomicInteger();
        new SseParser(events::add, comments::incrementAndGet)
                .read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(events)
                .containsExactly(new SseEvent("42", "snapshot", "{\"a\":\n1}"), new SseEvent("42", "message", "plain"));
        assertThat(comments).hasValue(2);
    }
}
