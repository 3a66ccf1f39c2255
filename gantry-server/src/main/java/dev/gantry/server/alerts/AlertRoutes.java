package dev.gantry.server.alerts;

import dev.gantry.api.Durations;
import dev.gantry.api.Json;
import dev.gantry.api.alerts.AlertList;
import dev.gantry.api.alerts.AlertRules;
import dev.gantry.api.alerts.Silence;
import dev.gantry.api.alerts.SilenceRequest;
import dev.gantry.api.alerts.TestResult;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.RequestText;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * {@code /api/v1/alerts}: the alerts (pending, firing, resolved, silenced), the rules (read; replaced by deployers
 * and admins), silences, and a test notification through every route.
 */
public final class AlertRoutes {
    private static final int MAX_BODY = 256 * 1024;
    private final Alerts alerts;

    public AlertRoutes(Alerts alerts) {
        this.alerts = alerts;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/alerts")
                .summary("Alerts pending or firing now, the last resolved ones, and the silences in force")
                .returns(200, Content.json(AlertList.class))
                .handle(ctx -> ctx.json(new AlertList(alerts.alerts(), alerts.silences())));
        routes.get("/api/v1/alerts/rules")
                .summary("The alert rules in force: the built-in defaults (disabled ones marked) and the custom rules")
                .returns(200, Content.json(AlertRules.class))
                .handle(ctx -> ctx.json(new AlertRules(alerts.rules())));
        routes.put("/api/v1/alerts/rules")
                .summary("Replace the custom alert rules (a rule named as a default replaces it); for every control"
                        + " plane on this Redis")
                .request(Content.json(AlertRules.class))
                .returns(200, Content.json(AlertRules.class))
                .errors(400, 413)
                .handle(this::putRules);
        routes.post("/api/v1/alerts/silences")
                .summary("Silence an app's alerts for a while, with a reason: they change state but nothing is sent")
                .request(Content.json(SilenceRequest.class))
                .returns(201, Content.json(Silence.class))
                .errors(400, 413)
                .handle(this::silence);
        routes.post("/api/v1/alerts/test")
                .summary("Send a test notification through every configured route now; says what each gave")
                .returns(200, Content.json(TestResult.class))
                .handle(ctx -> ctx.json(alerts.test(Access.actor(ctx))));
    }

    private void putRules(Context ctx) {
        AlertRules body = Json.read(RequestText.text(ctx, MAX_BODY, "alert rules"), AlertRules.class);
        ctx.json(new AlertRules(alerts.putRules(body.rules())));
    }

    private void silence(Context ctx) {
        SilenceRequest req = Json.read(RequestText.text(ctx, MAX_BODY, "a silence"), SilenceRequest.class);
        if (req.app() == null || req.app().isBlank()) throw new IllegalArgumentException("app: is required");
        if (req.reason() == null || req.reason().isBlank()) throw new IllegalArgumentException("reason: is required");
        Duration length;
        try {
            length = Durations.parse(req.duration() == null ? "" : req.duration());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("for: " + e.getMessage());
        }
        if (length.isZero()) throw new IllegalArgumentException("for: must be longer than 0, was " + req.duration());
        ctx.status(201).json(alerts.silence(req.app(), length, req.reason(), Access.actor(ctx)));
    }
}
