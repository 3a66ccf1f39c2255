package dev.gantry.markdown;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The original engines (marked 0.8.0, json5 0.5.1 from src/test/node) in one long-lived node
 * process, answering a batch of requests over JSON lines.
 */
final class NodeOracle implements AutoCloseable {
    static final Path NODE_DIR = Path.of("src/test/node");
    private final Process process;
    private final ObjectMapper json =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private NodeOracle(Process process) {
        this.process = process;
    }

    /** Why the oracle cannot run here, or null when node and node_modules are present. */
    static String unavailableReason() {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/marked"))
                || !Files.isDirectory(NODE_DIR.resolve("node_modules/json5"))) {
            return "node_modules missing: run `npm ci --prefix services/markdown/src/test/node`";
        }
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "`node --version` failed";
        } catch (IOException e) {
            return "node is not installed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static NodeOracle start() throws IOException {
        Process p = new ProcessBuilder("node", "render.js")
                .directory(NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new NodeOracle(p);
    }

    /** Sends {@code (kind, input)} requests and returns node's answers in order. */
    List<JsonNode> ask(String kind, List<String> inputs) throws IOException {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(kind, inputs));
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<JsonNode> answers = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("node oracle exited after " + i + " answers");
            }
            answers.add(json.readTree(line));
        }
        writer.join();
        return answers;
    }

    private void write(String kind, List<String> inputs) {
        try {
            Writer out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            for (int i = 0; i < inputs.size(); i++) {
                out.write(json.writeValueAsString(
                        json.createObjectNode().put("id", i).put("kind", kind).put("input", inputs.get(i))));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
