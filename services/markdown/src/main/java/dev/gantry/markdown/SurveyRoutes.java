package dev.gantry.markdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gantry.markdown.marked.RenderLimitException;
import dev.gantry.markdown.marqdown.MarqdownException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routes: {@code POST /api/design/survey} (checkbox.io contract), {@code POST /render},
 * {@code GET /health}, {@code GET /metrics}. Errors are mapped to JSON answers in one place.
 */
final class SurveyRoutes implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SurveyRoutes.class);
    private final ServiceConfig config;
    private final RenderEngine engine;
    private final Metrics metrics;
    private final LongSupplier nanoClock;
    private final ObjectMapper json = new ObjectMapper();

    SurveyRoutes(ServiceConfig config, RenderEngine engine, Metrics metrics, LongSupplier nanoClock) {
        this.config = config;
        this.engine = engine;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = nanoClock.getAsLong();
        String path = exchange.getRequestURI().getPath();
        String route = routeName(path);
        int status;
        try {
            status = dispatch(exchange, path, start);
        } catch (ApiError e) {
            status = sendError(exchange, e.status(), e.getMessage(), e.line());
        } catch (MarqdownException e) {
            status = sendError(exchange, 400, e.getMessage(), e.line());
        } catch (RenderLimitException e) {
            status = sendError(
                    exchange,
                    422,
                    e.getMessage() + " (limits: " + config.renderTimeoutMs() + " ms, nesting " + config.maxNesting()
                            + ")",
                    0);
        } catch (IOException e) {
            log.debug("client connection failed route={} error={}", route, e.toString());
            status = 499;
        } catch (RuntimeException e) {
            log.error("unexpected failure route={}", route, e);
            status = sendError(exchange, 500, "internal error: " + e.getClass().getSimpleName(), 0);
        } finally {
            exchange.close();
        }
        metrics.request(route, status);
    }

    private int dispatch(HttpExchange exchange, String path, long start) throws IOException {
        String method = exchange.getRequestMethod();
        return switch (path) {
            case "/api/design/survey" -> post(method, () -> survey(exchange, start));
            case "/render" -> post(method, () -> renderRaw(exchange, start));
            case "/health" -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}");
            case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition());
            default ->
                throw new ApiError(
                        404,
                        "no route " + path + " (try POST /api/design/survey, POST /render, GET /health, GET /metrics)");
        };
    }

    private interface Action {
        int run() throws IOException;
    }

    private static int post(String method, Action action) throws IOException {
        if (!method.equals("POST")) {
            throw new ApiError(405, "method " + method + " not allowed here; use POST");
        }
        return action.run();
    }

    private int survey(HttpExchange exchange, long start) throws IOException {
        byte[] body = SurveyRequestReader.read(exchange, config.maxBodyBytes());
        String markdown =
                SurveyRequest.markdown(json, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        String html = timedRender(markdown, sanitize(exchange), start);
        ObjectNode answer = json.createObjectNode().put("preview", html);
        return send(exchange, 200, "application/json; charset=utf-8", json.writeValueAsString(answer));
    }

    private int renderRaw(HttpExchange exchange, long start) throws IOException {
        String markdown =
                SurveyRequestReader.utf8(SurveyRequestReader.read(exchange, config.maxBodyBytes()), "request body");
        return send(exchange, 200, "text/html; charset=utf-8", timedRender(markdown, sanitize(exchange), start));
    }

    private String timedRender(String markdown, boolean sanitize, long start) {
        if (nanoClock.getAsLong() - start > config.renderTimeoutMs() * 1_000_000L) {
            throw new ApiError(503, "the service is overloaded: the request waited longer than its time budget");
        }
        long t0 = nanoClock.getAsLong();
        String html = engine.render(markdown, sanitize, start);
        metrics.render(nanoClock.getAsLong() - t0);
        return html;
    }

    private static boolean sanitize(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        boolean byQuery = query != null && ("&" + query + "&").contains("&sanitize=true&");
        return byQuery || "true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-Sanitize"));
    }

    private int sendError(HttpExchange exchange, int status, String message, int line) {
        ObjectNode error = json.createObjectNode().put("error", message);
        if (line > 0) {
            error.put("line", line);
        }
        try {
            return send(exchange, status, "application/json; charset=utf-8", json.writeValueAsString(error));
        } catch (IOException e) {
            log.debug("could not send error status={} error={}", status, e.toString());
            return status;
        }
    }

    private static int send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
            if (status == 413) {
                out.flush();
                SurveyRequestReader.discardRest(exchange);
            }
        }
        return status;
    }

    private static String routeName(String path) {
        return switch (path) {
            case "/api/design/survey" -> "survey";
            case "/render" -> "render";
            case "/health" -> "health";
            case "/metrics" -> "metrics";
            default -> "other";
        };
    }
}
