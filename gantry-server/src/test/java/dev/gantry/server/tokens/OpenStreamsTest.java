package dev.gantry.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenStreamsTest {
    private final OpenStreams streams = new OpenStreams();
    private final List<String> closed = new ArrayList<>();

    @Test
    void revokingACredentialClosesEveryStreamItOpenedAndNoOther() {
        streams.add("alice", () -> closed.add("alice-1"));
        streams.add("alice", () -> closed.add("alice-2"));
        streams.add("bob", () -> closed.add("bob-1"));

        streams.revoked("alice");

        assertThat(closed).containsExactlyInAnyOrder("alice-1", "alice-2");
        assertThat(streams.count()).isEqualTo(1);
    }

    @Test
    void aSweepClosesTheStreamsOfCredentialsNoLongerLive() {
        streams.add("alice", () -> closed.add("alice"));
        streams.add("bob", () -> closed.add("bob"));

        streams.closeRevoked(name -> name.equals("bob"));

        assertThat(closed).containsExactly("alice");
    }

    @Test
    void aStreamThatEndedByItselfIsForgotten() {
        Runnable ended = streams.add("alice", () -> closed.add("alice"));

        ended.run();
        streams.revoked("alice");

        assertThat(closed).isEmpty();
        assertThat(streams.count()).isZero();
    }
}
