package dev.gantry.proxy;

import dev.gantry.api.files.OwnerOnly;
import dev.gantry.proxy.CertificateIndex.Entry;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's TLS certificates: {@code <name>.crt} or {@code <name>.pem} chains (leaf first),
 * each with its {@code <name>.key}, in one directory, chosen by SNI host name. The directory is
 * polled; a change builds a new {@link CertificateIndex} and swaps it in with one volatile write.
 * Open connections keep their SSLEngine, so a reload drops nothing. A bad file is a problem
 * (logged with file= and reason=, listed by {@link #problems()}) and takes nothing down: a name
 * whose new file is bad keeps serving its previous certificate while that one is still valid.
 */
final class CertificateStore implements AutoCloseable {
    static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    static final Duration EXPIRES_SOON = Duration.ofDays(14);
    /** Reload unchanged files this often too, so expiry and not-yet-valid certificates are noticed. */
    static final Duration RECHECK = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(CertificateStore.class);

    private final Path dir;
    private final Clock clock;
    private final LocalIssuer issuer;
    private final TlsProvider provider;
    private final ScheduledExecutorService poller;
    private volatile CertificateIndex index = CertificateIndex.EMPTY;
    private List<String> lastListing = List.of();
    private Instant lastReload = Instant.MIN;

    private CertificateStore(Path dir, Clock clock, LocalIssuer issuer, TlsProvider provider) {
        this.dir = dir;
        this.clock = clock;
        this.issuer = issuer;
        this.provider = provider;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-router-certificates");
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the directory if needed, loads it, and polls it every {@code pollInterval} until closed. */
    static CertificateStore open(Path dir, Duration pollInterval, Clock clock, LocalIssuer issuerOrNull)
            throws IOException {
        return open(dir, pollInterval, clock, issuerOrNull, TlsProvider.chosen());
    }

    static CertificateStore open(
            Path dir, Duration pollInterval, Clock clock, LocalIssuer issuerOrNull, TlsProvider provider)
            throws IOException {
        if (dir == null) throw new IllegalArgumentException("dir: must not be null");
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval: must be positive, was " + pollInterval);
        }
        if (clock == null) throw new IllegalArgumentException("clock: must not be null");
        if (provider == null) throw new IllegalArgumentException("provider: must not be null");
        OwnerOnly.directories(dir);
        CertificateStore store = new CertificateStore(dir, clock, issuerOrNull, provider);
        store.reload();
        long millis = pollInterval.toMillis();
        store.poller.scheduleWithFixedDelay(store::poll, millis, millis, TimeUnit.MILLISECONDS);
        return store;
    }

    /**
     * The context for a client hello's SNI name: exact host (case-insensitive, trailing dot
     * ignored), then a one-label wildcard, then the local issuer if it accepts the name, then the
     * default. No SNI: the default, else the local issuer's loopback certificate. Null when there is
     * nothing to serve.
     */
    SslContext forHost(String sniHostOrNull) {
        CertificateIndex current = index;
        if (sniHostOrNull != null && !sniHostOrNull.isBlank()) {
            String host = CertificateIndex.normalize(sniHostOrNull);
            Entry e = current.find(host);
            if (e != null) return e.context();
            if (issuer != null && issuer.accepts(host)) return issuer.contextFor(host);
        }
        if (current.defaultEntry() != null) return current.defaultEntry().context();
        return issuer == null ? null : issuer.loopbackContext();
    }

    /**
     * For {@code new SniHandler(store.mapping())}. SniHandler needs a context, so when there is none
     * the mapping throws and the handshake fails (the pipeline sees a DecoderException).
     */
    Mapping<String, SslContext> mapping() {
        return host -> {
            SslContext context = forHost(host);
            if (context == null) throw new IllegalStateException("no TLS certificate for host=" + host + " in " + dir);
            return context;
        };
    }

    boolean hasAny() {
        return index.defaultEntry() != null || issuer != null;
    }

    List<CertificateInfo> certificates() {
        return index.infos();
    }

    /** What is wrong in the directory as of the last reload, one "file: reason" line each. */
    List<String> problems() {
        return index.problems();
    }

    /** Reads the directory now; the poll calls this when a file's name, size or mtime changed. */
    synchronized void reload() {
        CertificateIndex previous = index;
        Instant now = clock.instant();
        lastListing = listing();
        lastReload = now;
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        try {
            Map<String, SslContext> built = previous.entries().stream()
                    .collect(Collectors.toMap(e -> e.pem().digest(), Entry::context, (a, b) -> a));
            for (Path file : certificateFiles()) {
                Entry e = load(file, now, built, previous, problems);
                if (e != null) entries.add(e);
            }
        } catch (IOException e) {
            report(problems, new PemCertificate.Problem(dir, "unreadable directory: " + e));
            entries = previous.entries();
        }
        index = CertificateIndex.of(entries, problems);
        warnExpiringSoon(now);
        Entry byDefault = index.defaultEntry();
        log.info(
                "certificates loaded dir={} served={} problems={} default={} provider={}",
                dir,
                entries.size(),
                problems.size(),
                byDefault == null ? "none" : byDefault.pem().file().getFileName(),
                provider);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private synchronized void poll() {
        try {
            boolean due = !clock.instant().isBefore(lastReload.plus(RECHECK));
            if (due || !listing().equals(lastListing)) reload();
        } catch (RuntimeException e) {
            log.warn("certificate poll failed dir={} error={}", dir, e.toString());
        }
    }

    private Entry load(
            Path file, Instant now, Map<String, SslContext> built, CertificateIndex previous, List<String> problems) {
        try {
            PemCertificate pem = PemCertificate.read(file);
            String invalid = pem.validityProblem(now);
            if (invalid != null) throw new PemCertificate.Problem(file, invalid);
            SslContext context = built.get(pem.digest());
            return new Entry(pem, context != null ? context : build(pem));
        } catch (PemCertificate.Problem p) {
            report(problems, p);
            return stillValid(previous.byName(PemCertificate.baseName(file)), now);
        }
    }

    private SslContext build(PemCertificate pem) throws PemCertificate.Problem {
        try {
            return provider.serverContext(pem.key(), pem.chain());
        } catch (SSLException | RuntimeException e) {
            throw new PemCertificate.Problem(
                    pem.file(), "rejected by TLS provider " + provider + ": " + e.getMessage());
        }
    }

    private Entry stillValid(Entry previous, Instant now) {
        if (previous == null || previous.pem().validityProblem(now) != null) return null;
        log.warn(
                "certificate kept file={} hosts={} reason=its new file is bad",
                previous.pem().file(),
                previous.pem().hosts());
        return previous;
    }

    private void report(List<String> problems, PemCertificate.Problem p) {
        problems.add(p.getMessage());
        log.warn("certificate problem dir={} file={} reason={}", dir, p.file, p.reason);
    }

    private void warnExpiringSoon(Instant now) {
        for (Entry e : index.entries()) {
            if (e.pem().notAfter().isBefore(now.plus(EXPIRES_SOON))) {
                log.warn(
                        "certificate expiresSoon file={} hosts={} notAfter={}",
                        e.pem().file(),
                        e.pem().hosts(),
                        e.pem().notAfter());
            }
        }
    }

    /** Certificate files by name: {@code *.crt} and {@code *.pem}, hidden files skipped. */
    private List<Path> certificateFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{crt,pem}")) {
            for (Path f : stream)
                if (!f.getFileName().toString().startsWith(".") && !Files.isDirectory(f)) files.add(f);
        }
        files.sort(null);
        return files;
    }

    /** Name, size and mtime of every certificate and key file: what the poll compares. */
    private List<String> listing() {
        List<String> listing = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{crt,pem,key}")) {
            for (Path f : stream) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                listing.add(f.getFileName() + " " + a.size() + " " + a.lastModifiedTime());
            }
        } catch (IOException e) {
            listing.add("unlistable " + e);
        }
        listing.sort(null);
        return listing;
    }
}
