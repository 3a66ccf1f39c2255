package dev.gantry.server.tls;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The API's Jetty listeners when it serves HTTPS: TLS on the listen address, plain HTTP on loopback. */
public final class ApiConnectors {
    private ApiConnectors() {}

    /**
     * HTTPS (TLS 1.2/1.3, HTTP/1.1) with {@code certificate}. Jetty's SNI host check is off: which
     * names to trust is the client's decision (it checks the certificate names the host it dialled).
     */
    public static ServerConnector https(
            Server server, HttpConfiguration http, ServerCertificate certificate, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(certificate.keyStore());
        tls.setKeyStorePassword(new String(ServerCertificate.KEYSTORE_PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration secure = new HttpConfiguration(http);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Plain HTTP on 127.0.0.1 only. */
    public static ServerConnector loopback(Server server, HttpConfiguration http, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        return connector;
    }
}
