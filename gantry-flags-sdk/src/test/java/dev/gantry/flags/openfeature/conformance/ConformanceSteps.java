package dev.gantry.flags.openfeature.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.flags.FakeFlagServer;
import dev.gantry.flags.FlagsClient;
import dev.gantry.flags.openfeature.GantryProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Step definitions for the OpenFeature conformance features, all in one class (no DI container). */
public class ConformanceSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:1");

    private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    private final String domain = "gantry-conformance-" + UUID.randomUUID();
    private final MutableContext invocationContext = new MutableContext();
    private final Map<String, MutableContext> levelContexts = new LinkedHashMap<>();
    private final List<String> levels = new ArrayList<>();
    private GantryProvider provider;
    private FakeFlagServer server;
    private Client client;
    private RecordingHook hook;
    private String type;
    private String key;
    private String fallback;
    private FlagEvaluationDetails<?> details;

    @After
    public void cleanUp() {
        if (provider != null) provider.shutdown();
        if (server != null) server.close();
        api.setEvaluationContext(new ImmutableContext());
        api.setTransactionContext(new ImmutableContext());
    }

    // ---- providers

    @Given("^a (stable|not ready|error|fatal|stale) provider$")
    public void aProvider(String status) throws Exception {
        switch (status) {
            case "stable" -> register(new GantryProvider(TestFlags.flags(), TestFlags.ENVIRONMENT), true);
            case "not ready" ->
                register(new GantryProvider(unreachableClient("sdk-key"), Duration.ofMinutes(1)), false);
            case "error" -> register(new GantryProvider(unreachableClient("sdk-key"), Duration.ZERO), true);
            case "fatal" -> {
                server = new FakeFlagServer("the-right-key").start();
                register(new GantryProvider(clientOf(server.baseUrl(), "a-wrong-key"), Duration.ofSeconds(30)), true);
            }
            default -> {
                register(new GantryProvider(TestFlags.flags(), TestFlags.ENVIRONMENT), true);
                provider.emitProviderStale(
                        ProviderEventDetails.builder().message("stream down").build());
                await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.STALE);
            }
        }
    }

    @Given("a stable provider with retrievable context is registered")
    public void aRecordingProvider() {
        api.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
        register(new RecordingGantryProvider(TestFlags.flags(), TestFlags.ENVIRONMENT), true);
    }

    private void register(GantryProvider p, boolean wait) {
        if (provider != null) provider.shutdown();
        provider = p;
        if (wait) {
            try {
                api.setProviderAndWait(domain, p);
            } catch (OpenFeatureError expected) {
                // error and fatal providers fail initialisation; the status step checks the outcome
            }
        } else {
            api.setProvider(domain, p);
        }
        client = api.getClient(domain);
    }

    private static FlagsClient unreachableClient(String sdkKey) {
        return clientOf(UNREACHABLE, sdkKey);
    }

    private static FlagsClient clientOf(URI baseUrl, String sdkKey) {
        return FlagsClient.builder()
                .baseUrl(baseUrl)
                .sdkKey(sdkKey)
                .environment(TestFlags.ENVIRONMENT)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(5))
                .build();
    }

    @Then("the provider status should be {string}")
    public void providerStatus(String expected) {
        assertThat(client.getProviderState().name()).isEqualTo(expected);
    }

    // ---- evaluation

    @Given(
            "^a (Boolean|boolean|String|string|Integer|Float|Object)-flag with key \"(.*)\" and a fallback value \"(.*)\"$")
    public void aFlag(String type, String key, String fallback) {
        this.type = type.toLowerCase();
        this.key = key;
        this.fallback = unescape(fallback);
    }

    @Given("^a context containing a key \"([^\"]*)\", with type \"([^\"]*)\" and with value \"(.*)\"$")
    public void aTypedContextEntry(String name, String valueType, String value) {
        String v = unescape(value);
        switch (valueType) {
            case "Integer" -> {
                long l = Long.parseLong(v);
                if (l == (int) l) invocationContext.add(name, (int) l);
                else invocationContext.add(name, (double) l);
            }
            case "Float" -> invocationContext.add(name, Double.parseDouble(v));
            case "Boolean" -> invocationContext.add(name, Boolean.parseBoolean(v));
            default -> invocationContext.add(name, v);
        }
    }

    @Given("a context containing a key {string} with null value")
    public void aNullContextEntry(String name) {
        invocationContext.add(name, (String) null);
    }

    @When("the flag was evaluated with details")
    public void evaluate() throws Exception {
        details = switch (type) {
            case "boolean" -> client.getBooleanDetails(key, Boolean.parseBoolean(fallback), invocationContext);
            case "string" -> client.getStringDetails(key, fallback, invocationContext);
            case "integer" -> client.getIntegerDetails(key, Integer.parseInt(fallback), invocationContext);
            case "float" -> client.getDoubleDetails(key, Double.parseDouble(fallback), invocationContext);
            default ->
                client.getObjectDetails(
                        key, Value.objectToValue(JSON.readValue(fallback, Object.class)), invocationContext);
        };
    }

    @Then("the resolved details value should be {string}")
    public void resolvedValue(String expected) throws Exception {
        Object actual = details.getValue();
        switch (type) {
            case "boolean" -> assertThat(actual).isEqualTo(Boolean.parseBoolean(expected));
            case "string" -> assertThat(actual).isEqualTo(expected);
            case "integer" -> assertThat(actual).isEqualTo(Integer.parseInt(expected));
            case "float" -> assertThat(actual).isEqualTo(Double.parseDouble(expected));
            default ->
                assertThat(Values.toJava((Value) actual))
                        .isEqualTo(Values.normalise(JSON.readValue(expected, Object.class)));
        }
    }

    @Then("the reason should be {string}")
    public void reason(String expected) {
        assertThat(details.getReason()).isEqualTo(expected);
    }

    @Then("the error-code should be {string}")
    public void errorCode(String expected) {
        assertThat(String.valueOf(details.getErrorCode())).isEqualTo(expected);
    }

    @Then("the flag key should be {string}")
    public void flagKey(String expected) {
        assertThat(details.getFlagKey()).isEqualTo(expected);
    }

    @Then("the variant should be {string}")
    public void variant(String expected) {
        assertThat(details.getVariant()).isEqualTo(expected);
    }

    @Then("the resolved metadata should contain")
    public void metadataContains(DataTable table) {
        ImmutableMetadata m = details.getFlagMetadata();
        for (Map<String, String> row : table.asMaps()) {
            String k = row.get("key");
            String v = row.get("value");
            switch (row.get("metadata_type")) {
                case "Integer" -> assertThat(m.getInteger(k)).isEqualTo(Integer.parseInt(v));
                case "Float" -> assertThat(m.getDouble(k)).isEqualTo(Double.parseDouble(v));
                case "Boolean" -> assertThat(m.getBoolean(k)).isEqualTo(Boolean.parseBoolean(v));
                default -> assertThat(m.getString(k)).isEqualTo(v);
            }
        }
    }

    @Then("the resolved metadata is empty")
    public void metadataEmpty() {
        assertThat(details.getFlagMetadata().isEmpty()).isTrue();
    }

    // ---- hooks

    @Given("a client with added hook")
    public void aClientWithHook() {
        hook = new RecordingHook(null);
        client.addHooks(hook);
    }

    @Then("the {string} hook should have been executed")
    public void hookExecuted(String stage) {
        assertThat(hook.stages).contains(stage);
    }

    @Then("the {string} hooks should be called with evaluation details")
    public void hooksCalledWith(String stages, DataTable table) {
        for (String stage : stages.split(",\\s*")) {
            FlagEvaluationDetails<?> d = hook.details.get(stage);
            assertThat(d).as(stage).isNotNull();
            for (Map<String, String> row : table.asMaps()) {
                Object actual = switch (row.get("key")) {
                    case "flag_key" -> d.getFlagKey();
                    case "value" -> d.getValue();
                    case "variant" -> d.getVariant();
                    case "reason" -> d.getReason();
                    default -> d.getErrorCode();
                };
                if ("boolean".equals(row.get("data_type"))) {
                    assertThat(actual)
                            .as(stage + " " + row.get("key"))
                            .isEqualTo(Boolean.parseBoolean(row.get("value")));
                } else {
                    assertThat(String.valueOf(actual))
                            .as(stage + " " + row.get("key"))
                            .isEqualTo(row.get("value"));
                }
            }
        }
    }

    // ---- context merging

    @Given("A context entry with key {string} and value {string} is added to the {string} level")
    public void aLevelEntry(String k, String v, String level) {
        levelContexts.computeIfAbsent(level, l -> new MutableContext()).add(k, v);
    }

    @Given("A table with levels of increasing precedence")
    public void levelsOfPrecedence(DataTable table) {
        levels.addAll(table.asList());
    }

    @Given(
            "Context entries for each level from API level down to the {string} level, with key {string} and value {string}")
    public void entriesDownTo(String lastLevel, String k, String v) {
        for (String level : levels) {
            aLevelEntry(k, level.equals(lastLevel) ? v : "overridden value from " + level, level);
            if (level.equals(lastLevel)) return;
        }
    }

    @When("Some flag was evaluated")
    public void someFlagEvaluated() {
        api.setEvaluationContext(levelContext("API"));
        api.setTransactionContext(levelContext("Transaction"));
        client.setEvaluationContext(levelContext("Client"));
        client.addHooks(new RecordingHook(levelContext("Before Hooks")));
        var invocation = levelContext("Invocation");
        client.getBooleanValue("boolean-flag", false, invocation);
    }

    private EvaluationContext levelContext(String level) {
        return levelContexts.getOrDefault(level, new MutableContext());
    }

    @Then("The merged context contains an entry with key {string} and value {string}")
    public void mergedContextContains(String k, String v) {
        EvaluationContext merged = ((RecordingGantryProvider) provider).lastContext;
        assertThat(merged).isNotNull();
        assertThat(merged.getValue(k)).as(k).isNotNull();
        assertThat(merged.getValue(k).asString()).isEqualTo(v);
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"");
    }
}
