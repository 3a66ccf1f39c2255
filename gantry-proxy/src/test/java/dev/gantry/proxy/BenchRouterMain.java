package dev.gantry.proxy;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the router standalone for bench/router/run.sh and run-tls.sh: one route for host 127.0.0.1
 * to one backend. Args: routerPort backendPort [ioThreads [tlsPort certificateDirectory]]. With a
 * TLS port it also serves HTTPS (HTTP/2 and HTTP/1.1 by ALPN) there with the certificates in that
 * directory, and prints the TLS provider in use as {@code router tls provider=...}. Runs until killed.
 */
public final class BenchRouterMain {
    private BenchRouterMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3 && args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: routerPort backendPort [ioThreads [tlsPort certificateDirectory]]");
        }
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        int ioThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean tls = args.length == 5;
        Router.Builder builder =
                Router.builder().bindAddress("127.0.0.1").port(port).ioThreads(ioThreads);
        if (tls) builder.tls(TlsOptions.certificates(Path.of(args[4])), Integer.parseInt(args[3]));
        Router router = builder.build().start();
        router.update(new RouteTable(
                1,
                List.of(new Route(
                        "bench",
                        "127.0.0.1",
                        "/",
                        "/",
                        List.of(new Backend("bench-backend", "127.0.0.1", backendPort, 1, 100)),
                        tls,
                        false))));
        if (tls) {
            System.out.println("router tls provider=" + providerDescription() + " port=" + router.tlsPort());
            System.out.flush();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(router::close));
        new CountDownLatch(1).await();
    }

    /** The provider the certificate store builds its contexts with (the same choice, made the same way). */
    private static String providerDescription() {
        TlsProvider provider = TlsProvider.chosen();
        return provider == TlsProvider.OPENSSL
                ? "openssl (" + OpenSsl.versionString() + ")"
                : "jdk (" + Runtime.version() + ")";
    }
}
