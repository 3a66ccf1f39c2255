package dev.gantry.server.releases;

import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;

/** Steering a running release: promote, abort, and where the app's canary stands. */
public final class CanaryRoutes {
    private final Deployer deployer;

    public CanaryRoutes(Deployer deployer) {
        this.deployer = deployer;
    }

    public void register(ApiRoutes routes) {
        Content accepted = Content.json(DeploymentAccepted.class);
        routes.post("/api/v1/apps/{app}/promote")
                .summary("A running canary goes to its next step now, whatever its pause and the judge say")
                .query("full", "boolean", "true: skip the remaining steps, every instance to the new release")
                .returns(202, accepted)
                .errors(400, 404, 409)
                .handle(ctx -> ctx.status(202)
                        .json(deployer.promote(ctx.pathParam("app"), full(ctx.queryParam("full")), Access.actor(ctx))));
        routes.post("/api/v1/apps/{app}/abort")
                .summary("All traffic back to the stable release and the canary removed; its deployment ends CANCELLED")
                .returns(202, accepted)
                .errors(404, 409)
                .handle(ctx -> ctx.status(202).json(deployer.abort(ctx.pathParam("app"), Access.actor(ctx))));
        routes.get("/api/v1/apps/{app}/canary")
                .summary("The app's running canary (step, weights, the latest verdict and its reasons), or how its"
                        + " latest one ended")
                .returns(200, Content.json(CanaryStatus.class))
                .errors(404)
                .handle(ctx -> ctx.json(deployer.canary(ctx.pathParam("app"))));
    }

    private static boolean full(String value) {
        if (value == null || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw new ApiException(400, "full: must be true or false, was " + value);
    }
}
