package dev.gantry.api;

/**
 * The answer (202) to a deploy, rollback, scale, stop, app delete or cancel: the deployment to follow.
 *
 * @param deployment the deployment id ({@code GET /api/v1/deployments/{id}})
 * @param release    the release it puts live
 */
public record DeploymentAccepted(String deployment, String app, int release) {}
