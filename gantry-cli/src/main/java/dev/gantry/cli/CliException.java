package dev.gantry.cli;

/** A failure to report in one line, with exit code 1. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
