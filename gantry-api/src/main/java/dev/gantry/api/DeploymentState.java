package dev.gantry.api;

/** Where a deployment (a deploy, rollback, scale or stop) stands. */
public enum DeploymentState {
  BUILDING,
  TESTING,
  ROLLING_OUT,
  SUCCEEDED,
  FAILED;

  /** True when the deployment has ended. */
  public boolean done() {
    return this == SUCCEEDED || this == FAILED;
  }
}
