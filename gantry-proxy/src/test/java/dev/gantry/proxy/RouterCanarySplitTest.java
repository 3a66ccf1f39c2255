package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterCanarySplitTest {
    private static final String COOKIE = Route.CanarySplit.cookieName("web");
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private FakeBackend stable;
    private FakeBackend canary;
    private Router router;
    private long version;

    @BeforeEach
    void start() throws Exception {
        stable = track(new FakeBackend("stable"));
        canary = track(new FakeBackend("canary"));
        router = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(2)
                .build()
                .start());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private void split(int weight, boolean sticky) {
        router.update(new RouteTable(
                ++version,
                List.of(new Route(
                                "web",
                                "shop.localhost",
                                "/",
                                null,
                                List.of(stable.backend(100, 1), canary.backend(100, 2)))
                        .withCanary(new Route.CanarySplit(2, weight, sticky, 0)))));
    }

    @Test
    void atWeight30AboutThirtyPercentOfRequestsReachTheCanary() throws Exception {
        split(30, false);
        Map<String, Integer> counts = RouterRoutingTest.countBodies(router, 1000);
        // binomial(1000, 0.3): mean 300, sigma 14.5; +-5 sigma
        assertThat(counts.getOrDefault("canary", 0)).isBetween(228, 372);
        assertThat(counts.get("canary") + counts.get("stable")).isEqualTo(1000);
    }

    @Test
    void theHeaderChoosesTheSideAndNeverReachesTheApp() throws Exception {
        split(50, true);
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 20; i++) {
                RawClient.Response always = client.send(get("X-Gantry-Canary: always\r\n"));
                assertThat(always.body()).isEqualTo("canary");
                assertThat(always.header("set-cookie")).isNull();
                assertThat(client.send(get("X-Gantry-Canary: NEVER\r\n")).body())
                        .isEqualTo("stable");
            }
            RawClient.Response other = client.send(get("X-Gantry-Canary: sometimes\r\n"));
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.header("set-cookie")).startsWith(COOKIE + "=");
        }
        assertThat(canary.requestHeaders).allSatisfy(h -> assertThat(h).doesNotContainKey("X-gantry-canary"));
        assertThat(stable.requestHeaders).allSatisfy(h -> assertThat(h).doesNotContainKey("X-gantry-canary"));
    }

    @Test
    void atWeight0OnlyTheHeaderReachesTheCanary() throws Exception {
        split(0, true);
        assertThat(RouterRoutingTest.countBodies(router, 50)).containsExactly(Map.entry("stable", 50));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.send(get("X-Gantry-Canary: always\r\n")).body()).isEqualTo("canary");
            RawClient.Response cookieForCanary = client.send(get("Cookie: " + COOKIE + "=2\r\n"));
            assertThat(cookieForCanary.body()).isEqualTo("stable");
            assertThat(cookieForCanary.header("set-cookie")).startsWith(COOKIE + "=1;");
        }
    }

    @Test
    void aStickyClientKeepsItsReleaseWhileTheWeightGoesFrom10To50To90() throws Exception {
        split(10, true);
        String stableCookie = null;
        String canaryCookie = null;
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 2000 && (stableCookie == null || canaryCookie == null); i++) {
                RawClient.Response r = client.get("shop.localhost", "/");
                String cookie = r.header("set-cookie");
                assertThat(cookie)
                        .isEqualTo(COOKIE + "=" + (r.body().equals("canary") ? 2 : 1)
                                + "; Path=/; HttpOnly; SameSite=Lax");
                if (r.body().equals("canary")) canaryCookie = cookie.substring(0, cookie.indexOf(';'));
                else stableCookie = cookie.substring(0, cookie.indexOf(';'));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        try (RawClient onStable = new RawClient(router.port());
                RawClient onCanary = new RawClient(router.port())) {
            for (int i = 0; i < 100; i++) {
                if (i == 33) split(50, true);
                if (i == 66) split(90, true);
                RawClient.Response s = onStable.send(get("Cookie: theme=dark; " + stableCookie + "\r\n"));
                RawClient.Response c = onCanary.send(get("Cookie: " + canaryCookie + "\r\nCookie: lang=en\r\n"));
                assertThat(s.header("set-cookie")).isNull();
                assertThat(c.header("set-cookie")).isNull();
                seen.merge("stable-holder:" + s.body(), 1, Integer::sum);
                seen.merge("canary-holder:" + c.body(), 1, Integer::sum);
            }
        }
        assertThat(seen).containsOnly(Map.entry("stable-holder:stable", 100), Map.entry("canary-holder:canary", 100));
    }

    @Test
    void withoutAValidCookieAClientIsAssignedByWeightAndGetsOne() throws Exception {
        split(100, true);
        List<String> garbage = List.of(
                "",
                COOKIE + "=",
                COOKIE + "=abc",
                COOKIE + "=-2",
                COOKIE + "=0",
                COOKIE + "=99999999999999999999",
                COOKIE + "=7",
                COOKIE,
                "=;;;=" + COOKIE + "=",
                "other=2; " + COOKIE.toUpperCase() + "=1");
        try (RawClient client = new RawClient(router.port())) {
            for (String cookie : garbage) {
                RawClient.Response r = client.send(get("Cookie: " + cookie + "\r\n"));
                assertThat(r.status()).as(cookie).isEqualTo(200);
                assertThat(r.body()).as(cookie).isEqualTo("canary");
                assertThat(r.header("set-cookie")).as(cookie).startsWith(COOKIE + "=2;");
            }
            RawClient.Response quoted = client.send(get("Cookie: a=b; " + COOKIE + "=\"1\"\r\n"));
            assertThat(quoted.body()).isEqualTo("stable");
            assertThat(quoted.header("set-cookie")).isNull();
        }
    }

    @Test
    void aRouteWithoutSplitIgnoresCookiesAndSetsNone() throws Exception {
        router.update(new RouteTable(
                ++version, List.of(new Route("web", "shop.localhost", "/", null, List.of(stable.backend(100, 1))))));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.send(get("Cookie: " + COOKIE + "=2\r\nX-Gantry-Canary: always\r\n"));
            assertThat(r.body()).isEqualTo("stable");
            assertThat(r.header("set-cookie")).isNull();
        }
    }

    /**
     * Behind a trusted proxy that terminates TLS (X-Forwarded-Proto: https) the sticky cookie is Secure as it is
     * on the router's own TLS port; the same header from anyone else changes nothing.
     */
    @Test
    void behindATrustedTlsProxyTheStickyCookieIsSecure() throws Exception {
        Router behind = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .trustedProxies(TrustedProxies.of(List.of("127.0.0.1")))
                .build()
                .start());
        behind.update(new RouteTable(
                1,
                List.of(new Route(
                                "web",
                                "shop.localhost",
                                "/",
                                null,
                                List.of(stable.backend(100, 1), canary.backend(100, 2)))
                        .withCanary(new Route.CanarySplit(2, 50, true, 0)))));
        try (RawClient viaProxy = new RawClient(behind.port());
                RawClient direct = new RawClient(router.port())) {
            assertThat(viaProxy.send(get("X-Forwarded-Proto: https\r\n")).header("set-cookie"))
                    .endsWith("; Path=/; HttpOnly; SameSite=Lax; Secure");
            assertThat(viaProxy.send(get("X-Forwarded-Proto: http\r\n")).header("set-cookie"))
                    .endsWith("; SameSite=Lax");
            split(50, true);
            assertThat(direct.send(get("X-Forwarded-Proto: https\r\n")).header("set-cookie"))
                    .endsWith("; SameSite=Lax");
        }
    }

    private static String get(String extraHeaders) {
        return "GET / HTTP/1.1\r\nHost: shop.localhost\r\n" + extraHeaders + "\r\n";
    }
}
