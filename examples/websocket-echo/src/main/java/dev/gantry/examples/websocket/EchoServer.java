package dev.gantry.examples.websocket;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A WebSocket echo service on plain JDK sockets (the JDK has no WebSocket server): {@code /ws}
 * greets with its app, release and instance, then echoes every message; {@code /health} answers
 * readiness; {@code /} serves a page that talks to {@code /ws}. On SIGTERM it stops accepting and
 * closes open WebSockets with 1001 (going away), so clients reconnect to another instance.
 */
public final class EchoServer implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final String app = env("GANTRY_APP", "websocket-echo");
    private final String release = env("GANTRY_RELEASE", "0");
    private final String instance = env("GANTRY_INSTANCE", "local");
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();

    EchoServer(InetAddress address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 512);
        Thread.ofPlatform().name("websocket-echo-accept").start(this::acceptLoop); // not a daemon: keeps the process up
    }

    public static void main(String[] args) throws IOException {
        EchoServer echo = new EchoServer(InetAddress.getByName("0.0.0.0"), Integer.parseInt(env("PORT", "8000")));
        Runtime.getRuntime().addShutdownHook(new Thread(echo::close));
        System.out.println("websocket-echo listening on port " + echo.port() + " release " + echo.release);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops accepting and says "going away" on every open WebSocket. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (WebSocketConnection ws : open) ws.goAway();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** HTTP/1.1 keep-alive until the connection ends or becomes a WebSocket. */
    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (Request r = Request.read(in); r != null; r = Request.read(in)) {
                if (r.path().equals("/ws") && r.isWebSocketHandshake()) {
                    upgrade(r, in, out);
                    return;
                }
                out.write(answer(r));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void upgrade(Request r, InputStream in, OutputStream out) throws IOException {
        WebSocketConnection ws = new WebSocketConnection(in, out);
        open.add(ws);
        try {
            ws.accept(r.header("sec-websocket-key"));
            ws.sendText("connected to " + app + " release " + release + " instance " + instance);
            ws.echoUntilClosed();
        } finally {
            open.remove(ws);
        }
    }

    private byte[] answer(Request r) {
        return switch (r.path()) {
            case "/health" ->
                response(
                        200,
                        "application/json",
                        "{\"status\":\"ok\",\"app\":\"" + app + "\",\"release\":" + release + ",\"instance\":\""
                                + instance + "\"}\n");
            case "/" -> response(200, "text/html; charset=utf-8", PAGE);
            case "/ws" -> response(426, "text/plain", "this path speaks WebSocket only\n", "Upgrade: websocket\r\n");
            default -> response(404, "text/plain", "not found: " + r.path() + "\n");
        };
    }

    private static byte[] response(int status, String type, String body, String... extra) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 404 ? " Not Found" : " Upgrade Required")
                        + "\r\n" + "Content-Type: " + type + "\r\nContent-Length: " + b.length + "\r\n"
                        + String.join("", extra) + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** One request's line and header (names lower-cased); a body is skipped. */
    record Request(String method, String path, Map<String, String> headers) {
        /** The next request, or null at the end of the stream. */
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null || line.isEmpty()) return null;
            String[] parts = line.split(" ");
            if (parts.length != 3) throw new IOException("bad request line");
            Map<String, String> headers = new HashMap<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                if (colon > 0)
                    headers.merge(
                            l.substring(0, colon).trim().toLowerCase(),
                            l.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
            }
            in.skipNBytes(Long.parseLong(headers.getOrDefault("content-length", "0")));
            String target = parts[1];
            int q = target.indexOf('?');
            return new Request(parts[0], q < 0 ? target : target.substring(0, q), headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean isWebSocketHandshake() {
            return method.equals("GET")
                    && "websocket".equalsIgnoreCase(header("upgrade"))
                    && header("sec-websocket-key") != null;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') return sb.toString();
                if (c != '\r') sb.append((char) c);
                if (sb.length() > MAX_HEADER_BYTES) throw new IOException("header line too long");
            }
            return sb.isEmpty() ? null : sb.toString();
        }
    }

    private static final String PAGE = """
      <!doctype html>
      <meta charset="utf-8"><title>websocket-echo</title>
      <h1>websocket-echo</h1>
      <form id="f"><input id="m" value="hello" autofocus> <button>send</button></form>
      <pre id="log"></pre>
      <script>
        const log = t => document.getElementById('log').textContent += t + '\\n';
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
        ws.onmessage = e => log('< ' + e.data);
        ws.onclose = e => log('closed ' + e.code);
        document.getElementById('f').onsubmit = e => { e.preventDefault(); const m = document.getElementById('m').value; ws.send(m); log('> ' + m); };
      </script>
      """;
}
