package dev.gantry.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.api.SpecException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP answers: {@code {"error": "...", "problems": [...]}}. */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  private Errors() {
  }

  public static void register(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage(), e.problems()));
    routes.exception(SpecException.class, (e, ctx) -> answer(ctx, 400, "invalid gantry.yml", e.problems()));
    routes.exception(JsonProcessingException.class, (e, ctx) -> answer(ctx, 400, "invalid JSON: " + e.getOriginalMessage(), List.of()));
    routes.exception(IllegalArgumentException.class, (e, ctx) -> answer(ctx, 400, e.getMessage(), List.of()));
    routes.exception(IllegalStateException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), List.of()));
    routes.exception(RedisException.class, Errors::storeError);
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("request failed method={} path={}", ctx.method(), ctx.path(), e);
      answer(ctx, 500, "internal error: " + e, List.of());
    });
    routes.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) answer(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
    });
  }

  /**
   * Redis unreachable, timing out, or not (yet) a writable primary, as during a Sentinel failover:
   * 503, worth retrying. A command Redis rejected for any other reason is a bug: 500.
   */
  private static void storeError(RedisException e, Context ctx) {
    if (!retryable(e)) {
      log.error("request failed method={} path={}", ctx.method(), ctx.path(), e);
      answer(ctx, 500, "internal error: " + e, List.of());
      return;
    }
    log.warn("store unavailable method={} path={} error={}", ctx.method(), ctx.path(), e.toString());
    ctx.header("Retry-After", "1");
    answer(ctx, 503, "the store (Redis) is unavailable, retry shortly: " + e.getMessage(), List.of());
  }

  private static boolean retryable(RedisException e) {
    if (!(e instanceof RedisCommandExecutionException)) return true;
    String message = String.valueOf(e.getMessage());
    return e instanceof RedisReadOnlyException || e instanceof RedisLoadingException || e instanceof RedisBusyException
        || message.startsWith("MASTERDOWN") || message.startsWith("NOREPLICAS") || message.startsWith("TRYAGAIN");
  }

  public static void answer(Context ctx, int status, String message, List<String> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (!problems.isEmpty()) body.put("problems", problems);
    ctx.status(status).json(body);
  }
}
