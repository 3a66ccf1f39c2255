package dev.gantry.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The control plane over HTTP: GET desired state, POST reports, GET release artifacts (tar.gz).
 * Every request carries {@code Authorization: Bearer <token>}; a non-2xx answer is an IOException naming status and URL.
 */
public final class HttpControlPlane implements ControlPlane {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ARTIFACT_TIMEOUT = Duration.ofMinutes(10);

  private final URI serverUrl;
  private final String token;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public HttpControlPlane(URI serverUrl, String token) {
    if (serverUrl == null || serverUrl.getScheme() == null || serverUrl.getHost() == null) {
      throw new IllegalArgumentException("serverUrl: must be an absolute http(s) URL, was " + serverUrl);
    }
    if (token == null || token.isBlank()) throw new IllegalArgumentException("token: must not be blank");
    String base = serverUrl.toString();
    this.serverUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public DesiredState desired(String host) throws IOException {
    URI uri = uri("/api/v1/agents/" + segment(host) + "/desired");
    HttpResponse<byte[]> response = send(request(uri, REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      return json.readValue(response.body(), DesiredState.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("GET " + uri + ": unreadable desired state: " + e.getMessage(), e);
    }
  }

  @Override
  public void report(AgentReport report) throws IOException {
    URI uri = uri("/api/v1/agents/" + segment(report.host()) + "/report");
    HttpRequest request = request(uri, REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report)))
        .build();
    send(request, HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void fetchArtifact(String app, int release, Path destDir) throws IOException {
    if (Files.exists(destDir)) throw new FileAlreadyExistsException(destDir.toString(), null, "destDir must not exist yet");
    Path parent = destDir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    URI uri = uri("/api/v1/apps/" + segment(app) + "/releases/" + release + "/artifact");
    Path archive = Files.createTempFile(parent, "." + destDir.getFileName() + "-", ".tar.gz");
    try {
      send(request(uri, ARTIFACT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofFile(archive));
      TarGz.extractInto(archive, destDir);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  private HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    HttpResponse<T> response;
    try {
      response = client.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.method() + " " + request.uri() + ": interrupted");
    } catch (IOException e) {
      throw new IOException(request.method() + " " + request.uri() + ": " + e, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(request.method() + " " + request.uri() + ": HTTP status " + response.statusCode());
    }
    return response;
  }

  private URI uri(String path) {
    return URI.create(serverUrl + path);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
