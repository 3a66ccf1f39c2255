package dev.gantry.proxy;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The TLS implementation that builds the router's server contexts: BoringSSL through
 * netty-tcnative when it loads, else the JDK's. {@code -Dgantry.tls.provider=openssl|jdk} forces
 * one. Every context speaks TLS 1.3 and 1.2 only, with HTTP/2-grade ciphers, and offers ALPN
 * {@code h2} and {@code http/1.1}.
 */
enum TlsProvider {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    static final String PROPERTY = "gantry.tls.provider";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE,
            SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);

    private final SslProvider netty;

    TlsProvider(SslProvider netty) {
        this.netty = netty;
    }

    /** The provider named by the system property, else OpenSSL when available, else the JDK. */
    static TlsProvider chosen() {
        return named(System.getProperty(PROPERTY));
    }

    static TlsProvider named(String value) {
        if (value == null || value.isBlank()) return OpenSsl.isAvailable() ? OPENSSL : JDK;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "openssl" -> requireOpenSsl();
            case "jdk" -> JDK;
            default -> throw new IllegalArgumentException(PROPERTY + ": must be openssl or jdk, was " + value);
        };
    }

    SslContext serverContext(PrivateKey key, List<X509Certificate> chain) throws SSLException {
        return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(netty)
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(ALPN)
                .build();
    }

    private static TlsProvider requireOpenSsl() {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException(
                    PROPERTY + "=openssl: netty-tcnative did not load", OpenSsl.unavailabilityCause());
        }
        return OPENSSL;
    }
}
