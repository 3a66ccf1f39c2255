package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router is an internet edge: its metrics (every app, release and backend address) go to clients on loopback
 * and to bearers its gate accepts, never to anyone else.
 */
class RouterMetricsGateTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private Router router;

    @AfterEach
    void stop() {
        if (router != null) router.close();
    }

    @Test
    void aClientOnLoopbackReadsTheMetricsAndHealthIsOpenToAll() throws Exception {
        router = Router.builder().bindAddress("127.0.0.1").port(0).build().start();
        assertThat(get("/_gantry/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get("/_gantry/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void elsewhereTheGateDecidesAndAskingNeverBlocksTheRouter() throws Exception {
        router = start(false);
        HttpResponse<String> none = get("/_gantry/metrics", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gantry-router\"");
        assertThat(none.body()).doesNotContain("gantry_router_");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/_gantry/metrics", "good").statusCode() == 200);
        assertThat(get("/_gantry/metrics", "good").body()).contains("gantry_router_client_connections");
        HttpResponse<String> bad = get("/_gantry/metrics", "bad");
        assertThat(bad.statusCode()).as("the first answer while the gate asks").isIn(503, 401);
        if (bad.statusCode() == 503)
            assertThat(bad.headers().firstValue("Retry-After")).hasValue("1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/_gantry/metrics", "bad").statusCode() == 401);
        assertThat(get("/_gantry/metrics", "bad").body()).doesNotContain("gantry_router_");
        assertThat(asked).containsExactlyInAnyOrder("good", "bad");
    }

    @Test
    void aTrustedProxyOnLoopbackSpeaksForOthersSoItsClientsNeedACredential() throws Exception {
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .trustedProxies(TrustedProxies.of(List.of("127.0.0.1")))
                .build()
                .start();
        assertThat(get("/_gantry/metrics", null).statusCode()).isEqualTo(401);
    }

    private Router start(boolean loopbackTrusted) throws Exception {
        AskingMetricsGate gate = new AskingMetricsGate(
                bearer -> {
                    asked.add(bearer);
                    return bearer.equals("good");
                },
                Clock.systemUTC(),
                loopbackTrusted);
        return Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .metricsGate(gate)
                .build()
                .start();
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + path));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
