package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.client.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hello reads flags through the SDK: flipping one changes what it serves at once, with no restart. */
class HelloFlagsTest {
    @TempDir
    Path tmp;

    @Test
    void flippingAFlagChangesWhatHelloServesLiveWithoutARestart() throws Exception {
        try (Platform platform = Platform.start(tmp)) {
            putFlag(platform, "hello-banner", "string", "{\"none\":\"\",\"sale\":\"SALE TODAY\"}", "none");
            putFlag(platform, "hello-time-api", "boolean", "{\"on\":true,\"off\":false}", "on");
            Deployment deployed = platform.deploy(AppDir.write(tmp, "hello", AppDir.helloYml(2, "")));
            assertThat(deployed.state()).as(deployed.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            List<Long> pids = platform.instances("hello").stream()
                    .map(i -> platform.pidOf(i.id()))
                    .toList();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(platform, "/").statusCode() == 200);
            assertThat(get(platform, "/").body()).startsWith("Hello from hello");
            assertThat(get(platform, "/api/time").statusCode()).isEqualTo(200);

            putFlag(platform, "hello-banner", "string", "{\"none\":\"\",\"sale\":\"SALE TODAY\"}", "sale");
            putFlag(platform, "hello-time-api", "boolean", "{\"on\":true,\"off\":false}", "off");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int i = 0; i < 4; i++)
                    assertThat(get(platform, "/").body()).startsWith("SALE TODAY\nHello from hello");
                for (int i = 0; i < 4; i++)
                    assertThat(get(platform, "/api/time").statusCode()).isEqualTo(503);
            });
            assertThat(get(platform, "/api/time").body()).contains("switched off by the flag hello-time-api");
            assertThat(platform.instances("hello").stream()
                            .map(i -> platform.pidOf(i.id()))
                            .toList())
                    .isEqualTo(pids);
        }
    }

    private static void putFlag(Platform platform, String key, String type, String variants, String serve) {
        String json = "{\"key\":\"" + key + "\",\"type\":\"" + type + "\",\"variants\":" + variants
                + ",\"environments\":{\"production\":{\"enabled\":true,\"defaultVariant\":\"" + serve
                + "\"}},\"reason\":\"test\"}";
        Reply r = platform.api.raw("PUT", "/api/v1/flags/" + key, json);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private static HttpResponse<String> get(Platform platform, String path) throws Exception {
        HttpRequest req = LoadLoop.get(platform.routerPort(), "hello.localhost", path);
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}
