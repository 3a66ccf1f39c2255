package dev.gantry.cli;

import dev.gantry.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What the demo prints once every app answers: where each app is, with a command to try it. */
final class DemoUrls {
    private DemoUrls() {}

    static void print(PrintWriter out, Embedded gantry, ServerConfig config, Path caCertificate) {
        int rp = gantry.routerPort();
        int tls = gantry.routerTlsPort();
        out.println();
        out.println("Gantry is running. Press Ctrl-C to stop everything.");
        out.println("  router      http://127.0.0.1:" + rp + "  (routes by Host header)"
                + (tls > 0 ? "   HTTPS with HTTP/2: https://127.0.0.1:" + tls : ""));
        out.println("  hello       http://hello.localhost:" + rp
                + "/        curl -H 'Host: hello.localhost' http://127.0.0.1:" + rp + "/");
        if (tls > 0) {
            String trust = caCertificate == null ? "-k" : "--cacert " + caCertificate;
            out.println("              https://hello.localhost:" + tls + "/       curl --http2 " + trust
                    + " https://hello.localhost:" + tls + "/");
        }
        out.println("  markdown    http://markdown.localhost:" + rp
                + "/     curl -H 'Host: markdown.localhost' -H 'Content-Type: application/json' \\");
        out.println("                -d '{\"markdown\":\"{}\\n---\\n### Hi\"}' http://127.0.0.1:" + rp
                + "/api/design/survey");
        out.println(
                "  websocket   http://echo.localhost:" + rp + "/         a page that echoes over ws://echo.localhost:"
                        + rp + "/ws" + (tls > 0 ? " (and https://echo.localhost:" + tls + "/ over wss://)" : ""));
        out.println("  dashboard   " + gantry.server().apiUrl() + "/   (log in with the admin token)");
        out.println("  API         " + gantry.server().apiUrl());
        out.println("  admin token " + config.dataDir().resolve("token"));
        out.println("  watch       ./gantry top    ./gantry alerts list");
        out.println("  try         ./gantry ps    ./gantry apps    ./gantry logs hello    ./gantry scale hello 5");
        out.println(
                "  flags       ./gantry flags set hello-banner --string 'Hello, flags!' --reason 'try it'   (hello shows it at once)");
        out.println(
                "              ./gantry flags set hello-time-api --boolean off --reason 'try it'   (hello's /api/time answers 503, no restart)");
        out.flush();
    }
}
