package dev.gantry.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.SpecException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: an RFC 9457 {@code application/problem+json}
 * body ({@link Problem}). A message that starts with a field name ({@code instances: must be
 * 0..100}), as every message of bad input here does, names that field in {@code field}.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);
    static final long DISCARD_LIMIT_BYTES = 64L << 20;
    static final long DISCARD_LIMIT_MS = 5_000;
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z_][A-Za-z0-9_.\\[\\]-]*): ");

    private Errors() {}

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 413) discardRest(ctx);
            answer(ctx, e.type(), e.status(), e.getMessage(), e.problems());
        });
        routes.exception(
                SpecException.class,
                (e, ctx) -> answer(ctx, ProblemType.INVALID_SPEC, 400, "invalid gantry.yml", e.problems()));
        routes.exception(
                JsonProcessingException.class,
                (e, ctx) -> answer(
                        ctx, ProblemType.BAD_REQUEST, 400, "invalid JSON: " + e.getOriginalMessage(), List.of()));
        routes.exception(
                IllegalArgumentException.class,
                (e, ctx) -> answer(ctx, ProblemType.BAD_REQUEST, 400, e.getMessage(), List.of()));
        routes.exception(
                IllegalStateException.class,
                (e, ctx) -> answer(ctx, ProblemType.CONFLICT, 409, e.getMessage(), List.of()));
        routes.exception(RedisException.class, Errors::storeError);
        routes.exception(EndpointNotFound.class, (e, ctx) -> noSuchEndpoint(ctx));
        routes.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        answer(ctx, ProblemType.forStatus(e.getStatus()), e.getStatus(), e.getMessage(), List.of()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("request failed method={} path={}", ctx.method(), ctx.path(), e);
            answer(ctx, ProblemType.INTERNAL, 500, "internal error: " + e, List.of());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) noSuchEndpoint(ctx);
        });
    }

    /**
     * Before a 413, reads and throws away what the client is still sending (at most {@value
     * #DISCARD_LIMIT_BYTES} bytes for {@value #DISCARD_LIMIT_MS} ms), as nginx's lingering close does. Closing a
     * connection with unread bytes makes the kernel send a reset, which can reach the client before the 413 and
     * leave it with a broken connection instead of the answer.
     */
    private static void discardRest(Context ctx) {
        long deadline = System.nanoTime() + DISCARD_LIMIT_MS * 1_000_000L;
        byte[] chunk = new byte[64 * 1024];
        long discarded = 0;
        try {
            var in = ctx.req().getInputStream();
            int n;
            while (discarded < DISCARD_LIMIT_BYTES && System.nanoTime() < deadline && (n = in.read(chunk)) > 0) {
                discarded += n;
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // the client went away, or the body was read another way: nothing left to protect
        }
    }

    private static void noSuchEndpoint(Context ctx) {
        answer(ctx, ProblemType.NOT_FOUND, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
    }

    /**
     * Redis unreachable, timing out, or not (yet) a writable primary, as during a Sentinel failover:
     * 503, worth retrying. A command Redis rejected for any other reason is a bug: 500.
     */
    private static void storeError(RedisException e, Context ctx) {
        if (!retryable(e)) {
            log.error("request failed method={} path={}", ctx.method(), ctx.path(), e);
            answer(ctx, ProblemType.INTERNAL, 500, "internal error: " + e, List.of());
            return;
        }
        log.warn("store unavailable method={} path={} error={}", ctx.method(), ctx.path(), e.toString());
        ctx.header("Retry-After", "1");
        answer(
                ctx,
                ProblemType.STORE_UNAVAILABLE,
                503,
                "the store (Redis) is unavailable, retry shortly: " + e.getMessage(),
                List.of());
    }

    private static boolean retryable(RedisException e) {
        if (!(e instanceof RedisCommandExecutionException)) return true;
        String message = String.valueOf(e.getMessage());
        return e instanceof RedisReadOnlyException
                || e instanceof RedisLoadingException
                || e instanceof RedisBusyException
                || message.startsWith("MASTERDOWN")
                || message.startsWith("NOREPLICAS")
                || message.startsWith("TRYAGAIN");
    }

    static void answer(Context ctx, ProblemType type, int status, String detail, List<String> problems) {
        Problem problem = Problem.of(type, status, detail, field(detail), problems);
        ctx.status(status).contentType(Problem.MEDIA_TYPE).result(Json.write(problem));
    }

    /** The field a message names first ({@code instances: must be >= 1} names instances), or null. */
    static String field(String detail) {
        if (detail == null) return null;
        Matcher m = FIELD.matcher(detail);
        return m.find() ? m.group(1) : null;
    }
}
