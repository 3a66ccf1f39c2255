package dev.gantry.e2e;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The control plane's API as the tests call it: the one client, reading every answer with the
 * strict mapper, so that each end-to-end run is also a contract test (an answer with a field
 * outside its record fails the test). Failures are AssertionErrors.
 */
final class TestApi {
    private final ControlPlaneClient client;

    TestApi(String base, String token) {
        this(ControlPlaneClient.builder(base)
                .token(token)
                .mapper(Json.strict())
                .retryFor(Duration.ZERO)
                .build());
    }

    private TestApi(ControlPlaneClient client) {
        this.client = client;
    }

    /** The same API with another credential (null sends none). */
    TestApi withToken(String token) {
        return new TestApi(client.newBuilder().token(token).build());
    }

    <T> T get(String path, Class<T> type) {
        try {
            return client.get(path, type);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
        }
    }

    <T> List<T> list(String path, Class<T> element) {
        try {
            return client.getList(path, element);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
        }
    }

    DeploymentAccepted post(String path) {
        try {
            return client.post(path, null, DeploymentAccepted.class);
        } catch (IOException e) {
            throw new AssertionError("POST " + path + ": " + e.getMessage(), e);
        }
    }

    DeploymentAccepted upload(Path tarGz) {
        try {
            return client.upload("/api/v1/deploys?source=test", tarGz, "application/gzip", DeploymentAccepted.class);
        } catch (IOException e) {
            throw new AssertionError("deploy upload: " + e.getMessage(), e);
        }
    }

    /** The problem a refused upload gets. */
    Problem refusedUpload(Path tarGz) {
        try {
            DeploymentAccepted accepted =
                    client.upload("/api/v1/deploys", tarGz, "application/gzip", DeploymentAccepted.class);
            throw new AssertionError("expected the upload to be refused, it was accepted as " + accepted);
        } catch (ProblemException e) {
            return e.problem();
        } catch (IOException e) {
            throw new AssertionError("deploy upload: " + e.getMessage(), e);
        }
    }

    /** One request as it went, whatever the status. */
    Reply raw(String method, String path, String json) {
        try {
            return client.exchange(method, path, json, json == null ? null : "application/json");
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    Reply raw(String method, String path) {
        return raw(method, path, null);
    }

    /** Whether anything answers at the base URL. */
    boolean reachable() {
        try {
            client.exchange("GET", "/health", null, null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for a deployment to end and returns its final view with every line. */
    Deployment awaitDeployment(DeploymentAccepted accepted) {
        String path = "/api/v1/deployments/" + accepted.deployment();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(path, Deployment.class).state().done()) return get(path + "?from=0", Deployment.class);
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }
        throw new AssertionError("deployment " + accepted.deployment() + " did not end within 3 minutes");
    }
}
