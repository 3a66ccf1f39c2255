package dev.gantry.proxy;

import dev.gantry.proxy.RecordingBackend.Reply;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response-side robustness: the {@link RecordingBackend} misbehaves on purpose and the client must
 * never see a split, desynchronised or complete-looking broken response. Each scenario has a name
 * ("response-...") that can go into {@link RobustnessSuiteTest#KNOWN_FAILING}.
 */
class RobustnessResponseTest {
    private static RobustnessRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = RobustnessRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void reset() {
        rig.backend.reset();
    }

    @Test
    void twoDifferentContentLengthsInAResponseGet502AndTheConnectionStaysInStep() {
        scenario("response-conflicting-lengths", "502, then /b answered", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(Reply.CONFLICTING_LENGTHS);
                expectStatus(client.get("/a"), 502, problems);
                rig.backend.reply(Reply.NORMAL);
                expectAnswerFor(client, "/b", problems);
            }
        });
    }

    @Test
    void contentLengthWithChunkedInAResponseGets502OrTheChunkedBodyAlone() {
        scenario("response-length-and-chunked", "502, or 200 with the chunked body only", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(Reply.LENGTH_AND_CHUNKED);
                ResponseReader.Response r = client.get("/a");
                if (r.status() != 200) {
                    expectStatus(r, 502, problems);
                    return;
                }
                if (r.header("content-length") != null && r.header("transfer-encoding") != null)
                    problems.add("client got both Content-Length and Transfer-Encoding");
                expectBody(r, problems);
            }
        });
    }

    @Test
    void aBareLfInAResponseHeaderNeverBecomesAnInjectedHeader() {
        assertNoInjection(Reply.BARE_LF_IN_HEADER, "response-bare-lf-in-header");
    }

    @Test
    void aBareCrInAResponseHeaderNeverBecomesAnInjectedHeader() {
        assertNoInjection(Reply.BARE_CR_IN_HEADER, "response-bare-cr-in-header");
    }

    @Test
    void aTruncatedBodyEndsTheClientConnectionBeforeTheDeclaredLength() {
        assertCutShort(Reply.TRUNCATED_BODY, "response-truncated-body");
    }

    @Test
    void aChunkedBodyCutBeforeItsLastChunkNeverGetsATerminatingChunk() {
        assertCutShort(Reply.CHUNKED_CUT, "response-chunked-cut");
    }

    @Test
    void anUnsolicitedSecondResponseIsNeverDeliveredToALaterRequest() {
        scenario("response-extra-bytes", "/a, /b, /c, /d each answered by its own response", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(Reply.EXTRA_RESPONSE);
                expectAnswer(client.get("/a"), "/a", problems);
                rig.backend.reply(Reply.NORMAL);
                expectAnswerFor(client, "/b", problems);
            }
            for (String path : List.of("/c", "/d")) {
                try (Client client = new Client()) {
                    expectAnswerFor(client, path, problems);
                }
            }
        });
    }

    @Test
    void connectionContentLengthInAResponseKeepsItsFramingIntact() {
        scenario("response-connection-content-length", "body ok, then /b answered", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(Reply.CONNECTION_CONTENT_LENGTH);
                ResponseReader.Response r = client.get("/a");
                expectAnswer(r, "/a", problems);
                expectBody(r, problems);
                rig.backend.reply(Reply.NORMAL);
                expectAnswerFor(client, "/b", problems);
            }
        });
    }

    /** A scenario fills in what went wrong; an IOException is one more problem, not a test error. */
    private interface Scenario {
        void run(List<String> problems) throws IOException;
    }

    private static void scenario(String name, String expected, Scenario body) {
        List<String> problems = new ArrayList<>();
        try {
            body.run(problems);
        } catch (IOException e) {
            problems.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        RobustnessSuiteTest.check(name, expected, problems);
    }

    private static void assertNoInjection(Reply reply, String name) {
        scenario(name, "200 or 502 without X-Injected, then /b answered", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(reply);
                ResponseReader.Response r = client.get("/a");
                if (r.status() != 200 && r.status() != 502)
                    problems.add("status " + r.status() + ", expected 200 or 502");
                if (!r.values("x-injected").isEmpty()) problems.add("client got the injected header X-Injected");
                r.headers().stream()
                        .filter(h -> (h.name() + h.value()).matches("(?s).*[\\r\\n].*"))
                        .forEach(h -> problems.add("client got a bare CR or LF in "
                                + StrictRequestParser.printable(h.name() + ": " + h.value())));
                rig.backend.reply(Reply.NORMAL);
                expectAnswerFor(client, "/b", problems);
            }
        });
    }

    private static void assertCutShort(Reply reply, String name) {
        scenario(name, "502, or a 200 whose body ends early and a closed connection", problems -> {
            try (Client client = new Client()) {
                rig.backend.reply(reply);
                ResponseReader.Response r = client.get("/a");
                if (r.status() == 200 && r.complete())
                    problems.add("client got a complete-looking response: '"
                            + StrictRequestParser.printable(r.bodyText()) + "'");
                if (r.status() != 200 && r.status() != 502)
                    problems.add("status " + r.status() + ", expected 502 or a cut 200");
                if (r.status() == 200 && !client.closedByPeer())
                    problems.add("connection stayed open after a cut body");
            }
        });
    }

    private static void expectBody(ResponseReader.Response r, List<String> problems) {
        if (!r.bodyText().equals("ok\n") || !r.complete())
            problems.add("body '" + StrictRequestParser.printable(r.bodyText()) + "', expected 'ok\\n'");
    }

    private static void expectStatus(ResponseReader.Response r, int status, List<String> problems) {
        if (r.status() != status)
            problems.add("status " + r.status() + " (" + r.echoTarget() + "), expected " + status);
    }

    private static void expectAnswerFor(Client client, String path, List<String> problems) {
        try {
            expectAnswer(client.get(path), path, problems);
        } catch (IOException e) {
            problems.add("no answer for " + path + ": " + e.getMessage());
        }
    }

    private static void expectAnswer(ResponseReader.Response r, String path, List<String> problems) {
        if (r.status() != 200 || !path.equals(r.echoTarget()) || !r.bodyText().equals("ok\n")) {
            problems.add("for " + path + " got " + r.status() + " answering " + r.echoTarget() + " with '"
                    + StrictRequestParser.printable(r.bodyText()) + "'");
        }
    }

    /** One client connection to the router, reading with {@link ResponseReader}. */
    private static final class Client implements Closeable {
        private final Socket socket;
        private final OutputStream out;
        private final ResponseReader reader;

        Client() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), rig.router.port());
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            reader = new ResponseReader(new BufferedInputStream(socket.getInputStream()));
        }

        ResponseReader.Response get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + RobustnessRig.HOST + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ResponseReader.Response r = reader.next(false);
            if (r == null) throw new IOException("connection closed before an answer to " + path);
            return r;
        }

        /** True when the router ends the connection (end of stream or reset) before the read timeout. */
        boolean closedByPeer() {
            try {
                return reader.next(false) == null;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
