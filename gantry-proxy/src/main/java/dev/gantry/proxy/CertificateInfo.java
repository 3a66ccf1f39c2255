package dev.gantry.proxy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What the router serves from one certificate file: for logs, status pages and tests. */
record CertificateInfo(Path file, List<String> hosts, Instant notAfter, boolean isDefault) {}
