package dev.gantry.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** An app that serves 200 on every path (a JDK single-file program) for CLI tests; its build prints in bold. */
final class TinyApp {
    private TinyApp() {}

    /** The app's directory under {@code parent}, with a gantry.yml naming it {@code name} plus {@code extraYml}. */
    static Path write(Path parent, String name, String extraYml) throws Exception {
        Path app = Files.createDirectories(parent.resolve(name));
        Files.writeString(app.resolve("Serve.java"), """
        import com.sun.net.httpserver.HttpServer;
        import java.net.InetSocketAddress;
        public class Serve {
          public static void main(String[] args) throws Exception {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
            s.createContext("/", x -> { x.sendResponseHeaders(200, -1); x.close(); });
            s.start();
          }
        }
        """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(
                app.resolve("gantry.yml"),
                "name: " + name + "\n"
                        + "build: printf '\\033[1mcompiling in bold\\033[0m\\n'\n"
                        + "run: " + java + " -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 Serve.java\n"
                        + "grace: 2s\n"
                        + "resources: { memory: 256Mi, cpu: 0.5 }\n"
                        + extraYml);
        return app;
    }
}
