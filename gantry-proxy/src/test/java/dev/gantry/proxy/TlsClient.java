package dev.gantry.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A JDK TLS client for the tests: connects to 127.0.0.1, sends the SNI name it is given (none by default). */
final class TlsClient {
    private final SSLContext context;
    private final int port;
    private String sni;
    private String[] protocols;
    private String[] alpn;
    private boolean verifyHostname;

    private TlsClient(SSLContext context, int port) {
        this.context = context;
        this.port = port;
    }

    static TlsClient to(int port, SSLContext trusting) {
        return new TlsClient(trusting, port);
    }

    TlsClient sni(String host) {
        sni = host;
        return this;
    }

    TlsClient protocols(String... p) {
        protocols = p;
        return this;
    }

    TlsClient alpn(String... a) {
        alpn = a;
        return this;
    }

    /** Checks the certificate against the SNI name (or 127.0.0.1), as HTTPS clients do. */
    TlsClient verifyHostname() {
        verifyHostname = true;
        return this;
    }

    /** Connects and completes the handshake. */
    SSLSocket connect() throws IOException {
        Socket tcp = new Socket("127.0.0.1", port);
        tcp.setSoTimeout(10_000);
        SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(tcp, sni == null ? "127.0.0.1" : sni, port, true);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocols != null) params.setProtocols(protocols);
        if (alpn != null) params.setApplicationProtocols(alpn);
        if (verifyHostname) params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    /** The names in the leaf certificate the server presented (dNSName and iPAddress SANs). */
    static List<String> servedNames(SSLSocket socket) throws IOException {
        X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        try {
            Collection<List<?>> sans = Objects.requireNonNullElse(leaf.getSubjectAlternativeNames(), List.of());
            return sans.stream().map(san -> (String) san.get(1)).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IOException(e);
        }
    }

    /** Writes a line and reads the server's echo of it. */
    static String echo(SSLSocket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] buf = new byte[text.length()];
        InputStream in = socket.getInputStream();
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0)
                throw new IOException(
                        "closed after " + n + " bytes: " + new String(Arrays.copyOf(buf, n), StandardCharsets.UTF_8));
            n += r;
        }
        return new String(buf, StandardCharsets.UTF_8);
    }
}
