package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The control plane's HTTP API as the CLI uses it: JSON in, JSON out, errors as one-line messages. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  JsonNode get(String path) {
    return json(send(request(path).GET()));
  }

  JsonNode post(String path) {
    return json(send(request(path).POST(HttpRequest.BodyPublishers.noBody())));
  }

  JsonNode postFile(String path, Path file, String contentType) {
    try {
      return json(send(request(path).header("Content-Type", contentType).timeout(Duration.ofMinutes(10))
          .POST(HttpRequest.BodyPublishers.ofFile(file))));
    } catch (java.io.FileNotFoundException e) {
      throw new CliException("cannot read " + file);
    }
  }

  JsonNode put(String path, String json) {
    return json(send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))));
  }

  JsonNode postJson(String path, String json) {
    return json(send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))));
  }

  JsonNode delete(String path) {
    return json(send(request(path).DELETE()));
  }

  HttpResponse<String> getRaw(String path) {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("X-Gantry-Actor", System.getProperty("user.name", "cli"));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    HttpRequest req = b.build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException("cannot reach the control plane at " + base + " (is `gantry server` or `gantry demo` running?)");
    } catch (IOException e) {
      throw new CliException("request to " + req.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    if (r.statusCode() >= 400) throw new CliException(errorText(r));
    return r;
  }

  private static String errorText(HttpResponse<String> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      String error = n.path("error").asText("HTTP " + r.statusCode());
      StringBuilder b = new StringBuilder(error);
      if (r.statusCode() == 401) {
        b.append(" (pass the admin token with --token or GANTRY_TOKEN; it is the file 'token' in the server's data directory)");
      }
      // The first problem is usually the error itself; print only what it does not already say, so one problem is one line.
      for (JsonNode p : n.path("problems")) {
        if (!error.contains(p.asText())) b.append("\n  ").append(p.asText());
      }
      return b.toString();
    } catch (IOException e) {
      return "HTTP " + r.statusCode() + ": " + r.body();
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new CliException("the control plane answered something that is not JSON: " + r.body());
    }
  }
}
