package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads against a real control plane (port 0, embedded Redis) limited to 1 MiB: refused before they are stored. */
class UploadTest {
    static final String LIMIT = "the 1 MiB limit (gantry server --max-upload, GANTRY_MAX_UPLOAD)";

    @TempDir
    static Path dir;

    static GantryServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        ServerConfig config =
                ServerConfig.of(dir.resolve("data"), 0).withUploads(new UploadLimits(1 << 20, ArchiveLimits.DEFAULT));
        server = GantryServer.start(config, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        http.close();
    }

    @Test
    void anUploadDeclaringMoreThanTheLimitGets413NamingItBeforeAnythingIsStored() throws Exception {
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20]));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        Problem p = Json.mapper().readValue(r.body(), Problem.class);
        assertThat(p.kind()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(p.detail()).isEqualTo("body: the upload is " + (2 << 20) + " bytes, over " + LIMIT);
        assertThat(stored("uploads")).isEmpty();
    }

    @Test
    void anUploadThatSendsNoLengthIsCutOffWithA413OnceItPassesTheLimit() throws Exception {
        byte[] body = new byte[3 << 20];
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readValue(r.body(), Problem.class).detail())
                .isEqualTo("body: the upload goes past " + LIMIT);
        assertThat(stored("uploads")).isEmpty();
    }

    @Test
    void anArchiveWithAnEscapingPathGets400NamingTheEntryAndLeavesNothing() throws Exception {
        byte[] archive = archive("gantry.yml", "name: evil\nrun: ./x\n", "../escaped.txt", "pwned");

        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofByteArray(archive));

        assertThat(r.statusCode()).isEqualTo(400);
        Problem p = Json.mapper().readValue(r.body(), Problem.class);
        assertThat(p.detail()).isEqualTo("body: entry '../escaped.txt': path escapes the target");
        assertThat(p.field()).isEqualTo("body");
        assertThat(stored("builds")).isEmpty();
        assertThat(stored("uploads")).isEmpty();
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiUrl() + "/api/v1/deploys?source=test"))
                .header("Authorization", "Bearer " + server.token())
                .header("Content-Type", "application/gzip")
                .POST(body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What is left under the data directory's {@code sub}, recursively. */
    private static List<Path> stored(String sub) throws IOException {
        Path root = dir.resolve("data").resolve(sub);
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> !p.equals(root)).toList();
        }
    }

    /** A tar.gz of name/content pairs, written as given (TarGz.pack would never write '..'). */
    private static byte[] archive(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
