package dev.gantry.api;

/**
 * An immutable, numbered build of an app. Rolling back is deploying an earlier release again.
 *
 * @param status     building, ready (built and tested) or failed (build or test failed)
 * @param message    the reason when FAILED, otherwise a short summary
 * @param deployedAt epoch millis when this release last went live; 0 if it never did
 */
public record Release(String app, int number, long createdAt, String source, AppSpec spec, ReleaseStatus status,
                      String message, long deployedAt) {
  public Release withStatus(ReleaseStatus newStatus, String newMessage) {
    return new Release(app, number, createdAt, source, spec, newStatus, newMessage, deployedAt);
  }

  public Release deployed(long at) {
    return new Release(app, number, createdAt, source, spec, status, message, at);
  }
}
