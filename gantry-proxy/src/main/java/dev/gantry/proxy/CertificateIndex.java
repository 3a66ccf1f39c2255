package dev.gantry.proxy;

import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.util.IPAddress;

/**
 * The certificates in force, compiled for lookup by SNI host name: exact names first, then
 * one-label wildcards ({@code *.example.com} covers {@code a.example.com}, not
 * {@code a.b.example.com} nor {@code example.com}). When two certificates cover one name, the one
 * that expires last wins. Immutable: a reload builds a new index.
 */
final class CertificateIndex {
    static final String DEFAULT_NAME = "default";
    static final CertificateIndex EMPTY = of(List.of(), List.of());

    private final List<Entry> entries;
    private final List<String> problems;
    private final Map<String, Entry> exact = new HashMap<>();
    private final Map<String, Entry> wildcard = new HashMap<>();
    private final Map<String, Entry> byName = new HashMap<>();
    private final Entry defaultEntry;

    private CertificateIndex(List<Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = problems;
        for (Entry e : entries) {
            byName.put(e.pem().name(), e);
            for (String host : e.pem().hosts()) {
                if (host.startsWith("*.")) wildcard.merge(host.substring(2), e, CertificateIndex::laterExpiring);
                else exact.merge(host, e, CertificateIndex::laterExpiring);
            }
        }
        this.defaultEntry = byName.getOrDefault(DEFAULT_NAME, entries.isEmpty() ? null : entries.get(0));
    }

    static CertificateIndex of(List<Entry> entries, List<String> problems) {
        List<Entry> sorted = entries.stream()
                .sorted(Comparator.comparing(e -> e.pem().file().getFileName().toString()))
                .toList();
        return new CertificateIndex(sorted, List.copyOf(problems));
    }

    /** The certificate for a host name already {@link #normalize normalized}, or null. */
    Entry find(String host) {
        Entry e = exact.get(host);
        if (e != null) return e;
        int dot = host.indexOf('.');
        return dot > 0 ? wildcard.get(host.substring(dot + 1)) : null;
    }

    /** The certificate read from {@code <name>.crt} or {@code <name>.pem}, or null. */
    Entry byName(String name) {
        return byName.get(name);
    }

    /** {@code default.crt} when served, else the first certificate by file name; null when there is none. */
    Entry defaultEntry() {
        return defaultEntry;
    }

    List<Entry> entries() {
        return entries;
    }

    List<String> problems() {
        return problems;
    }

    List<CertificateInfo> infos() {
        return entries.stream()
                .map(e -> new CertificateInfo(
                        e.pem().file(), e.pem().hosts(), e.pem().notAfter(), e == defaultEntry))
                .toList();
    }

    /** "Example.COM." -> "example.com"; "[::1]" -> "0:0:0:0:0:0:0:1", the form X.509 IP names take in the JDK. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (!IPAddress.isValid(h)) return h;
        try {
            return InetAddress.getByName(h).getHostAddress();
        } catch (UnknownHostException e) {
            return h;
        }
    }

    private static Entry laterExpiring(Entry a, Entry b) {
        return b.pem().notAfter().isAfter(a.pem().notAfter()) ? b : a;
    }

    /** One served certificate and the context built from it. */
    record Entry(PemCertificate pem, SslContext context) {}
}
