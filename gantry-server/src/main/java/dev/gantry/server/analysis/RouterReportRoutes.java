package dev.gantry.server.analysis;

import dev.gantry.api.Json;
import dev.gantry.api.RouterReport;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.RequestText;
import io.javalin.http.Context;
import java.util.List;

/**
 * What routers send: {@code POST /api/v1/routers/{name}/report}, a {@link RouterReport} every second, added
 * to {@link Traffic}. Routers and admins only. The body is at most {@link #MAX_BODY_BYTES} (413 past it) and
 * holds at most {@link #MAX_SAMPLES} samples; bad input is a 400 naming the field.
 */
public final class RouterReportRoutes {
    static final int MAX_BODY_BYTES = 4 << 20;
    static final int MAX_SAMPLES = 5_000;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}";

    private final Traffic traffic;

    public RouterReportRoutes(Traffic traffic) {
        this.traffic = traffic;
    }

    public void register(ApiRoutes routes) {
        routes.post("/api/v1/routers/{name}/report")
                .summary(
                        "A router's report of the traffic it forwarded per app, release and instance (canary analysis)")
                .roles(Role.ROUTER)
                .request(Content.json(RouterReport.class))
                .returns(204, Content.NONE)
                .errors(400, 413)
                .handle(this::report);
    }

    private void report(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches(NAME))
            throw new IllegalArgumentException(
                    "name: must be 1 to 253 letters, digits, '.', '_' or '-', starting with a letter or digit, was "
                            + name);
        RouterReport report = Json.read(RequestText.text(ctx, MAX_BODY_BYTES, "4 MiB"), RouterReport.class);
        check(report, name);
        traffic.accept(report);
        ctx.status(204);
    }

    /** The checks a report passes before it counts (its histograms are checked as {@link Traffic} decodes them). */
    static void check(RouterReport report, String name) {
        if (!report.router().equals(name))
            throw new IllegalArgumentException("router: report names " + report.router() + " but was sent for " + name);
        if (report.to() < report.from())
            throw new IllegalArgumentException("to: must be >= from (" + report.from() + "), was " + report.to());
        List<RouterReport.Sample> samples = report.samples();
        if (samples.size() > MAX_SAMPLES)
            throw new IllegalArgumentException(
                    "samples: at most " + MAX_SAMPLES + " per report, was " + samples.size());
        for (int i = 0; i < samples.size(); i++) check(samples.get(i), "samples[" + i + "].");
    }

    private static void check(RouterReport.Sample s, String at) {
        if (s == null) throw new IllegalArgumentException(at.substring(0, at.length() - 1) + ": must not be null");
        if (s.app() == null || s.app().isBlank()) throw new IllegalArgumentException(at + "app: is required");
        if (s.instance() == null || s.instance().isBlank())
            throw new IllegalArgumentException(at + "instance: is required");
        if (s.release() < 1) throw new IllegalArgumentException(at + "release: must be >= 1, was " + s.release());
        if (s.requests() < 0) throw new IllegalArgumentException(at + "requests: must be >= 0, was " + s.requests());
        if (s.errors() < 0) throw new IllegalArgumentException(at + "errors: must be >= 0, was " + s.errors());
        if (s.connectFailures() < 0)
            throw new IllegalArgumentException(at + "connectFailures: must be >= 0, was " + s.connectFailures());
        if (s.errors() > s.requests() - s.connectFailures())
            throw new IllegalArgumentException(at + "errors: with connectFailures at most requests (" + s.requests()
                    + "), was " + s.errors() + " + " + s.connectFailures());
    }
}
