package dev.gantry.server.web;

import java.util.List;

/** An HTTP error with an exact message; mapped to {@code {"error": ..., "problems": [...]}} in one place. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final List<String> problems;

  public ApiException(int status, String message) {
    this(status, message, List.of());
  }

  public ApiException(int status, String message, List<String> problems) {
    super(message);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, what + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public int status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
