package dev.gantry.server.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One Redis command over a fresh plain socket, no client library: its reply's first line as sent ({@code +PONG}, {@code -NOAUTH ...}). */
final class Resp {
    private Resp() {}

    static String firstLine(InetAddress address, int port, String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
            s.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                request.append('$')
                        .append(a.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(a)
                        .append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new IOException("connection closed without a reply");
            return line;
        }
    }

    static String firstLine(int port, String... args) throws IOException {
        return firstLine(InetAddress.getLoopbackAddress(), port, args);
    }
}
