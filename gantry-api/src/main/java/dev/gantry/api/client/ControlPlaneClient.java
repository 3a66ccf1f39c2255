package dev.gantry.api.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one client of the control plane's API, used by the CLI, the agent, the router and the tests.
 * Built once (see {@link Builder}); thread-safe.
 *
 * <p>Every request carries {@code Authorization: Bearer <credential>} (the credential is asked for
 * on each request, so a token file can be re-read) and {@code Accept: application/json}. Bodies go
 * and come as JSON through {@link Json} (or the mapper given to the builder). An error status becomes
 * a {@link ProblemException} carrying the problem body. GET, PUT and DELETE are retried, with
 * exponential backoff and jitter, when the connection cannot be made and on 502, 503 and 504
 * (waiting what {@code Retry-After} asks), for at most {@link Builder#retryFor}; other calls are
 * made once. A connection that cannot be made in the end is an {@link UnreachableException}; other
 * transport failures are IOExceptions naming the method and URL.
 *
 * <p>An https control plane is trusted through the system's trust store, or by a pinned fingerprint
 * ({@link Builder#caFingerprint}) or a CA file ({@link Builder#caFile}); a refused certificate is an
 * IOException saying {@code TLS handshake failed} and, for a pin, the expected and presented fingerprints.
 */
public final class ControlPlaneClient implements AutoCloseable {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "PUT", "DELETE");
    private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private final String base;
    private final Builder settings;
    private final ObjectMapper mapper;
    private final HttpClient http;

    private ControlPlaneClient(Builder b) {
        this.settings = b.copy();
        this.base = b.baseUrl.toString().replaceAll("/+$", "");
        this.mapper = b.mapper;
        HttpClient.Builder http =
                HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1);
        if (b.trust != null) http.sslContext(b.trust);
        this.http = http.build();
    }

    /** A builder for a client of the control plane at {@code baseUrl} (an absolute http(s) URL; a trailing slash is dropped). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl));
    }

    /** A builder holding this client's settings, to derive a variant. */
    public Builder newBuilder() {
        return settings.copy();
    }

    /** The base URL, without a trailing slash. */
    public URI baseUrl() {
        return URI.create(base);
    }

    public <T> T get(String path, Class<T> type) throws IOException {
        return call("GET", path, null, mapper.constructType(type));
    }

    public <T> List<T> getList(String path, Class<T> element) throws IOException {
        return call("GET", path, null, mapper.getTypeFactory().constructCollectionType(List.class, element));
    }

    /** POSTs {@code body} as JSON (none when null); {@code Void.class} for no answer. */
    public <T> T post(String path, Object body, Class<T> type) throws IOException {
        return call("POST", path, body, mapper.constructType(type));
    }

    public <T> T put(String path, Object body, Class<T> type) throws IOException {
        return call("PUT", path, body, mapper.constructType(type));
    }

    public void delete(String path) throws IOException {
        call("DELETE", path, null, mapper.constructType(Void.class));
    }

    /** GETs a text answer (logs, metrics) with its headers; an error status is a {@link ProblemException}. */
    public Reply getText(String path) throws IOException {
        HttpResponse<InputStream> response = send("GET", path, BodyPublishers.noBody(), null, settings.requestTimeout);
        Reply reply = reply(response);
        if (reply.status() / 100 != 2) throw problem("GET", response, reply.body());
        return reply;
    }

    /** POSTs a file as the body, streamed (a deploy upload), and reads the JSON answer. */
    public <T> T upload(String path, Path file, String contentType, Class<T> type) throws IOException {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("cannot read " + file);
        }
        HttpResponse<InputStream> response = send("POST", path, body, contentType, settings.transferTimeout);
        return decode("POST", response, mapper.constructType(type));
    }

    /** GETs a file (a release artifact) into {@code target}, streamed; replaces what is there. */
    public void download(String path, Path target) throws IOException {
        HttpResponse<InputStream> response = send("GET", path, BodyPublishers.noBody(), null, settings.transferTimeout);
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) throw problem("GET", response, text(in.readAllBytes()));
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * One request whose answer is returned whatever its status (tests that check statuses and raw
     * bodies); retried like the others. {@code body} null sends none.
     */
    public Reply exchange(String method, String path, String body, String contentType) throws IOException {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
        return reply(send(method, path, publisher, contentType, settings.requestTimeout));
    }

    /** {@link #exchange} with a file as the body. */
    public Reply exchangeFile(String method, String path, Path file, String contentType) throws IOException {
        return reply(send(method, path, BodyPublishers.ofFile(file), contentType, settings.transferTimeout));
    }

    /** {@code value} encoded as one path segment (or query value). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }

    private <T> T call(String method, String path, Object body, JavaType type) throws IOException {
        BodyPublisher publisher =
                body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
        HttpResponse<InputStream> response =
                send(method, path, publisher, body == null ? null : "application/json", settings.requestTimeout);
        return decode(method, response, type);
    }

    private <T> T decode(String method, HttpResponse<InputStream> response, JavaType type) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readAllBytes();
        }
        if (response.statusCode() / 100 != 2) throw problem(method, response, text(bytes));
        if (type.hasRawClass(Void.class) || bytes.length == 0) return null;
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new IOException(
                    method + " " + response.uri() + ": the answer is not a " + type.toCanonical() + ": "
                            + e.getMessage() + "; body: " + Reply.abbreviated(text(bytes)),
                    e);
        }
    }

    private HttpResponse<InputStream> send(
            String method, String path, BodyPublisher body, String contentType, Duration timeout) throws IOException {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path: must start with /, was " + path);
        URI uri = URI.create(base + path);
        boolean retried = IDEMPOTENT.contains(method);
        long deadline = System.nanoTime() + settings.retryFor.toNanos();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(
                        request(method, uri, body, contentType, timeout), HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                Duration wait = backoff(attempt);
                if (!retried || !fits(deadline, wait)) throw unreachable(method, uri, e);
                pause(wait, method, uri);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(method + " " + uri + ": interrupted");
            } catch (SSLHandshakeException e) {
                throw new IOException(method + " " + uri + ": TLS handshake failed: " + e.getMessage(), e);
            } catch (IOException e) {
                if (e.getCause() instanceof SSLHandshakeException h)
                    throw new IOException(method + " " + uri + ": TLS handshake failed: " + h.getMessage(), e);
                throw new IOException(method + " " + uri + ": " + e, e);
            }
            if (retried && RETRIED_STATUSES.contains(response.statusCode())) {
                Duration wait = retryAfter(response).orElse(backoff(attempt));
                if (fits(deadline, wait)) {
                    response.body().close();
                    pause(wait, method, uri);
                    continue;
                }
            }
            return response;
        }
    }

    private HttpRequest request(String method, URI uri, BodyPublisher body, String contentType, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(method, body)
                .header("Accept", "application/json");
        String credential = settings.credential.get();
        if (credential != null && !credential.isBlank()) b.header("Authorization", "Bearer " + credential.strip());
        if (contentType != null) b.header("Content-Type", contentType);
        settings.headers.forEach(b::header);
        return b.build();
    }

    private Reply reply(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new Reply(response.statusCode(), response.headers(), text(in.readAllBytes()), mapper);
        }
    }

    /** The problem body, or one made up from the status and text when the answer has none (not the control plane). */
    private ProblemException problem(String method, HttpResponse<?> response, String text) throws IOException {
        int status = response.statusCode();
        boolean problemJson =
                response.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE);
        Problem problem;
        if (problemJson) {
            try {
                problem = mapper.readValue(text, Problem.class);
            } catch (IOException e) {
                throw new IOException(
                        method + " " + response.uri() + ": unreadable problem body (" + status + "): " + e.getMessage()
                                + "; body: " + Reply.abbreviated(text),
                        e);
            }
        } else {
            String detail = "HTTP " + status + (text.isBlank() ? "" : ": " + Reply.abbreviated(text.strip()));
            problem = Problem.of(ProblemType.forStatus(status), status, detail, null, List.of());
        }
        return new ProblemException(method, response.uri().toString(), problem);
    }

    private UnreachableException unreachable(String method, URI uri, IOException cause) {
        return new UnreachableException(baseUrl(), method, uri.toString(), cause);
    }

    /** Exponential from {@link #FIRST_BACKOFF} up to {@link #MAX_BACKOFF}, each wait drawn from its upper half. */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** {@code Retry-After} in seconds; a date or anything else is left to the backoff. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty() || !value.get().strip().matches("\\d{1,6}")) return Optional.empty();
        return Optional.of(Duration.ofSeconds(Long.parseLong(value.get().strip())));
    }

    private static boolean fits(long deadline, Duration wait) {
        return System.nanoTime() + wait.toNanos() < deadline;
    }

    private static void pause(Duration wait, String method, URI uri) throws InterruptedIOException {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(method + " " + uri + ": interrupted while waiting to retry");
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** How a client talks to the control plane; validated as it is set. */
    public static final class Builder {
        private URI baseUrl;
        private Supplier<String> credential = () -> null;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration transferTimeout = Duration.ofMinutes(10);
        private Duration retryFor = Duration.ofSeconds(10);
        private Map<String, String> headers = new LinkedHashMap<>();
        private ObjectMapper mapper = Json.mapper();
        private SSLContext trust;
        private String trustSource;

        private Builder(URI baseUrl) {
            if (baseUrl == null
                    || baseUrl.getHost() == null
                    || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("baseUrl: must be an absolute http(s) URL, was " + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /** A fixed bearer credential; null or blank sends none. */
        public Builder token(String token) {
            return credential(() -> token);
        }

        /** The bearer credential, asked for on every request (so that a token file can be re-read). */
        public Builder credential(Supplier<String> credential) {
            if (credential == null) throw new IllegalArgumentException("credential: must not be null");
            this.credential = credential;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long a call may wait for the answer's headers. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** The same for uploads and downloads of files (deploys, artifacts). */
        public Builder transferTimeout(Duration timeout) {
            this.transferTimeout = positive("transferTimeout", timeout);
            return this;
        }

        /** How long an idempotent call keeps retrying; zero makes every call once. */
        public Builder retryFor(Duration budget) {
            if (budget == null || budget.isNegative())
                throw new IllegalArgumentException("retryFor: must be >= 0, was " + budget);
            this.retryFor = budget;
            return this;
        }

        /** A header sent with every request. */
        public Builder header(String name, String value) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("header name: must not be blank");
            if (value == null) throw new IllegalArgumentException("header " + name + ": value must not be null");
            headers.put(name, value);
            return this;
        }

        /** The mapper for bodies; {@link Json#strict()} in contract tests. */
        public Builder mapper(ObjectMapper mapper) {
            if (mapper == null) throw new IllegalArgumentException("mapper: must not be null");
            this.mapper = mapper;
            return this;
        }

        /**
         * Trusts an https control plane by the SHA-256 fingerprint of its CA (or of its own certificate)
         * instead of the system's trust store: what {@code gantry server} prints when it made its own
         * CA. The certificate must still name the host of the URL. Null leaves the trust as it is.
         */
        public Builder caFingerprint(CaFingerprint pin) {
            if (pin == null) return this;
            return trust(ServerTrust.pinned(pin), "caFingerprint");
        }

        /** Trusts an https control plane whose chain leads to a certificate in this PEM file; null leaves the trust as it is. */
        public Builder caFile(Path file) throws IOException {
            if (file == null) return this;
            return trust(ServerTrust.caFile(file), "caFile");
        }

        private Builder trust(SSLContext context, String source) {
            if (trust != null && !source.equals(trustSource))
                throw new IllegalArgumentException(source + ": cannot be combined with " + trustSource);
            this.trust = context;
            this.trustSource = source;
            return this;
        }

        public ControlPlaneClient build() {
            return new ControlPlaneClient(this);
        }

        private Builder copy() {
            Builder b = new Builder(baseUrl);
            b.credential = credential;
            b.connectTimeout = connectTimeout;
            b.requestTimeout = requestTimeout;
            b.transferTimeout = transferTimeout;
            b.retryFor = retryFor;
            b.headers = new LinkedHashMap<>(headers);
            b.mapper = mapper;
            b.trust = trust;
            b.trustSource = trustSource;
            return b;
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero())
                throw new IllegalArgumentException(name + ": must be > 0, was " + d);
            return d;
        }
    }
}
