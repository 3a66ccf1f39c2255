package dev.gantry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The control plane's API as the tests call it: status code and JSON, nothing hidden. */
final class TestApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestApi(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Reply get(String path) {
    return send(req(path).GET());
  }

  Reply post(String path) {
    return send(req(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Reply put(String path, String json) {
    return send(req(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply postFile(String path, Path file) throws IOException {
    return send(req(path).header("Content-Type", "application/gzip").POST(HttpRequest.BodyPublishers.ofFile(file)));
  }

  Reply withToken(String otherToken, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (otherToken != null) b.header("Authorization", "Bearer " + otherToken);
    return send(b.GET());
  }

  /** Whether anything answers at the base URL. */
  boolean reachable() {
    try {
      http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for a deployment to end and returns its final view. */
  JsonNode awaitDeployment(Reply accepted) {
    if (accepted.status() != 202) throw new AssertionError("expected 202, got " + accepted);
    String id = accepted.json().path("deployment").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode view = get("/api/v1/deployments/" + id).json();
      String state = view.path("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED")) return get("/api/v1/deployments/" + id + "?from=0").json();
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    }
    throw new AssertionError("deployment " + id + " did not end within 3 minutes");
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }
}
