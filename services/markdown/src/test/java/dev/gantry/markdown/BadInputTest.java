package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile or broken requests get a clear 4xx and the service keeps answering. */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MarkdownService service;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        service = MarkdownService.start(ServiceConfig.defaults().withPort(0));
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @AfterEach
    void serviceStillAnswersHealth() throws Exception {
        HttpResponse<String> health =
                client.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void invalidJsonIsRejectedWith400NamingTheProblem() throws Exception {
        HttpResponse<String> r = postSurvey("{\"markdown\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).contains("not valid JSON");
    }

    @Test
    void missingMarkdownFieldIsRejectedWith400() throws Exception {
        HttpResponse<String> r = postSurvey("{\"md\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("field 'markdown' is missing");
    }

    @Test
    void nonStringMarkdownIsRejectedWith400() throws Exception {
        HttpResponse<String> r = postSurvey("{\"markdown\": [1, 2]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("field 'markdown' must be a string, was array");
    }

    @Test
    void bodyJustOverTheOneMebibyteLimitIsRejectedWith413() throws Exception {
        String markdown = "{}\n---\n" + "a".repeat(1 << 20);
        HttpResponse<String> r =
                postSurvey(JSON.writeValueAsString(JSON.createObjectNode().put("markdown", markdown)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(error(r)).contains("larger than the limit of 1048576 bytes");
    }

    @Test
    void fiveMegabyteSingleLineIsRejectedWith413() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri("/render"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}\n---\n" + "x".repeat(5 * 1024 * 1024)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void tenThousandNestedBlockquotesGetA422InsteadOfAStackOverflow() throws Exception {
        String markdown = "{}\n---\n### Q\n" + ">".repeat(10_000) + " deep\n";
        HttpResponse<String> r =
                postSurvey(JSON.writeValueAsString(JSON.createObjectNode().put("markdown", markdown)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(error(r)).contains("nested deeper than 1000 levels");
    }

    @Test
    void binaryGarbageIsRejectedWith400() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri("/api/design/survey"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(garbage))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    @Test
    void surveyThatTheOriginalCannotRenderGets400WithTheLine() throws Exception {
        HttpResponse<String> r = postSurvey("{\"markdown\": \"{}\\n---\\nIntro\\n\\n* a\\n* b\\n\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("line").asInt()).isEqualTo(5);
        assertThat(body.get("error").asText()).contains("before the first question");
    }

    @Test
    void unknownRouteGets404AndWrongMethodGets405() throws Exception {
        assertThat(client.send(HttpRequest.newBuilder(uri("/nope")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(uri("/render")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
    }

    private static HttpResponse<String> postSurvey(String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri("/api/design/survey"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).get("error").asText();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }
}
