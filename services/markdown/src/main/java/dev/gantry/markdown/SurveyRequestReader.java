package dev.gantry.markdown;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the body of a survey or render request up to a byte limit (413 above it) and decodes it as strict UTF-8. */
final class SurveyRequestReader {
    static final long DISCARD_LIMIT_BYTES = 64L << 20;
    static final long DISCARD_LIMIT_MS = 5_000;

    private SurveyRequestReader() {}

    static byte[] read(HttpExchange exchange, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "Content-Length is not a number: '" + declared + "'");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        InputStream in = exchange.getRequestBody();
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes); // left open: the 413 is sent first, then the rest discarded (discardRest)
            }
            out.write(chunk, 0, n);
        }
        in.close();
        return out.toByteArray();
    }

    /**
     * After a 413 has been written and flushed (before the response stream is closed, which would close this one), reads and throws away what the client is still sending (at most
     * {@value #DISCARD_LIMIT_BYTES} bytes, for at most {@value #DISCARD_LIMIT_MS} ms), as nginx's lingering close does:
     * closing with unread bytes in the socket makes the kernel send a reset, and a reset can arrive before the client
     * has read the 413, which then sees a broken connection instead of the answer.
     */
    static void discardRest(HttpExchange exchange) {
        long deadline = System.nanoTime() + DISCARD_LIMIT_MS * 1_000_000L;
        byte[] chunk = new byte[64 * 1024];
        long discarded = 0;
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while (discarded < DISCARD_LIMIT_BYTES && System.nanoTime() < deadline && (n = in.read(chunk)) > 0) {
                discarded += n;
            }
        } catch (IOException e) {
            // the client went away; nothing is left to protect
        }
    }

    static String utf8(byte[] body, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, what + " is not valid UTF-8");
        }
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(
                413,
                "request body is larger than the limit of " + maxBytes + " bytes (set MARKDOWN_MAX_BODY to change it)");
    }
}
