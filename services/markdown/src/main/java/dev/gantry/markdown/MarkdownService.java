package dev.gantry.markdown;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The markdown microservice: checkbox.io's {@code marqdown.render} behind HTTP on {@code $PORT}.
 * JDK HTTP server, a bounded pool of request threads with large stacks (deeply nested input
 * recurses), clean stop on SIGTERM.
 */
public final class MarkdownService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarkdownService.class);
    private static final long WORKER_STACK_BYTES = 16L << 20;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;

    private MarkdownService(HttpServer server, ThreadPoolExecutor workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Starts the service; {@code config.port() == 0} binds a free port (see {@link #port()}). */
    public static MarkdownService start(ServiceConfig config) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.port()), 128);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                config.workers(),
                config.workers(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024),
                r -> new Thread(null, r, "markdown-worker-" + n.incrementAndGet(), WORKER_STACK_BYTES));
        Metrics metrics = new Metrics();
        RenderEngine engine = new RenderEngine(config, System::nanoTime);
        server.createContext("/", new SurveyRoutes(config, engine, metrics, System::nanoTime));
        server.setExecutor(workers);
        server.start();
        log.info(
                "markdown service listening port={} maxBody={} timeoutMs={} workers={}",
                server.getAddress().getPort(),
                config.maxBodyBytes(),
                config.renderTimeoutMs(),
                config.workers());
        return new MarkdownService(server, workers);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets in-flight requests finish (up to 2 s), then stops the workers. */
    @Override
    public void close() {
        server.stop(2);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("markdown service stopped");
    }

    public static void main(String[] args) throws IOException {
        MarkdownService service = start(ServiceConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "markdown-shutdown"));
    }
}
