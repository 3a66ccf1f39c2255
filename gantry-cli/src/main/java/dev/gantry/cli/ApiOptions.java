package dev.gantry.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the control plane is and how to authenticate: options, then environment, then the data directory. */
final class ApiOptions {
  @Option(names = "--server", description = "control plane URL (env GANTRY_SERVER, default http://127.0.0.1:7070)")
  String server;

  @Option(names = "--token", description = "admin token (env GANTRY_TOKEN, default: the file 'token' in the data directory)")
  String token;

  @Option(names = "--data-dir", description = "data directory (env GANTRY_DATA, default ~/.gantry)")
  Path dataDir;

  ApiClient client() {
    return new ApiClient(serverUri(), token());
  }

  URI serverUri() {
    String s = server != null ? server : System.getenv().getOrDefault("GANTRY_SERVER", "http://127.0.0.1:7070");
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  String token() {
    if (token != null) return token;
    String env = System.getenv("GANTRY_TOKEN");
    if (env != null && !env.isBlank()) return env.strip();
    Path file = dataDir().resolve("token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new CliException("no token: pass --token, set GANTRY_TOKEN, or start the server so that " + file + " exists");
    }
  }

  Path dataDir() {
    return resolveDataDir(dataDir);
  }

  static Path resolveDataDir(Path option) {
    if (option != null) return option;
    String env = System.getenv("GANTRY_DATA");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".gantry");
  }
}
