package dev.gantry.api;

/**
 * An immutable, numbered build of an app. Rolling back is deploying an earlier release again.
 *
 * @param status  BUILDING, READY (built and tested), FAILED (build or test failed)
 * @param message the reason when FAILED, otherwise a short summary
 */
public record Release(String app, int number, long createdAt, String source, AppSpec spec, String status,
                      String message) {
  public Release withStatus(String newStatus, String newMessage) {
    return new Release(app, number, createdAt, source, spec, newStatus, newMessage);
  }
}
