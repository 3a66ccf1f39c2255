package dev.gantry.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.FakeFlagServer;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.FlagsClient;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GantryProviderTest {
    private static final Map<String, Object> ON_OFF = Map.of("on", true, "off", false);
    private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    private final String domain = "gantry-provider-test-" + UUID.randomUUID();

    private static Flag flag(String key, String variant) {
        return Flag.of(key, Flag.BOOLEAN, ON_OFF, Map.of("production", EnvConfig.serving(variant)));
    }

    @Test
    void itsNameIsGantry() {
        assertThat(new GantryProvider(FlagSet.empty(), "production")
                        .getMetadata()
                        .getName())
                .isEqualTo("gantry");
    }

    @Test
    void anUpdateIsAnnouncedAsConfigurationChangedWithTheChangedKeys() {
        var provider =
                new GantryProvider(FlagSet.of(1, List.of(flag("a", "on"), flag("b", "on")), List.of()), "production");
        api.setProviderAndWait(domain, provider);
        var client = api.getClient(domain);
        List<EventDetails> events = new CopyOnWriteArrayList<>();
        client.onProviderConfigurationChanged(events::add);

        provider.client().setFlags(FlagSet.of(2, List.of(flag("a", "on"), flag("b", "off")), List.of()));

        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events.get(0).getFlagsChanged()).containsExactly("b");
        assertThat(client.getBooleanValue("b", true, new ImmutableContext("u"))).isFalse();
        provider.shutdown();
    }

    @Test
    void aStreamedChangeReachesOpenFeatureHandlers() throws Exception {
        try (var server = new FakeFlagServer("key").start()) {
            server.putFlag(flag("a", "on"));
            var flagsClient = FlagsClient.builder()
                    .baseUrl(server.baseUrl())
                    .sdkKey("key")
                    .environment("production")
                    .build();
            var provider = new GantryProvider(flagsClient);
            api.setProviderAndWait(domain, provider);
            var client = api.getClient(domain);
            List<EventDetails> events = new CopyOnWriteArrayList<>();
            client.onProviderConfigurationChanged(events::add);

            server.putFlag(flag("a", "off"));

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            events.stream().anyMatch(e -> e.getFlagsChanged().contains("a")));
            assertThat(client.getBooleanDetails("a", true, new ImmutableContext("u")))
                    .extracting("value", "variant", "reason")
                    .containsExactly(false, "off", "STATIC");
            provider.shutdown();
        }
    }

    @Test
    void beforeItsFlagsArriveItAnswersProviderNotReady() {
        var flagsClient = FlagsClient.builder()
                .baseUrl(java.net.URI.create("http://127.0.0.1:1"))
                .sdkKey("k")
                .environment("production")
                .build();
        var provider = new GantryProvider(flagsClient, Duration.ofMinutes(1));
        var e = provider.getBooleanEvaluation("a", true, new ImmutableContext());
        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
        assertThat(e.getValue()).isTrue();
        flagsClient.close();
    }

    @Test
    void aRejectedSdkKeyMakesTheProviderFatal() throws Exception {
        try (var server = new FakeFlagServer("right").start()) {
            var flagsClient = FlagsClient.builder()
                    .baseUrl(server.baseUrl())
                    .sdkKey("wrong")
                    .environment("production")
                    .build();
            var provider = new GantryProvider(flagsClient, Duration.ofSeconds(30));
            try {
                api.setProviderAndWait(domain, provider);
            } catch (RuntimeException expected) {
                // FatalError from initialize
            }
            assertThat(api.getClient(domain).getProviderState()).isEqualTo(ProviderState.FATAL);
            provider.shutdown();
        }
    }
}
