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
    private SurveyRequestReader() {
    }

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
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }

    static String utf8(byte[] body, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, what + " is not valid UTF-8");
        }
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "request body is larger than the limit of " + maxBytes
            + " bytes (set MARKDOWN_MAX_BODY to change it)");
    }
}
