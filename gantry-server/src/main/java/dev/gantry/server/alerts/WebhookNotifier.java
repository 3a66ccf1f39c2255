package dev.gantry.server.alerts;

import dev.gantry.api.Json;
import dev.gantry.api.alerts.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification as JSON, signed: {@code X-Gantry-Signature: sha256=<hex HMAC-SHA256 of the body>} with
 * the route's secret (no header without one). Anything but a 2xx answer is a failure, tried again later.
 */
final class WebhookNotifier implements Notifier {
    static final String SIGNATURE = "X-Gantry-Signature";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final URI url;
    private final byte[] secret;
    private final HttpClient http;

    WebhookNotifier(URI url, byte[] secret, HttpClient http) {
        this.url = url;
        this.secret = secret;
        this.http = http;
    }

    @Override
    public void send(Notification n) throws IOException {
        byte[] body = Json.write(n).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) req.header(SIGNATURE, signature(secret, body));
        HttpResponse<Void> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + url, e);
        }
        if (res.statusCode() / 100 != 2) throw new IOException("webhook " + url + " answered " + res.statusCode());
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
