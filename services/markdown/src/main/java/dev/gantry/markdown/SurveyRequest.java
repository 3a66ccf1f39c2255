package dev.gantry.markdown;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Extracts the {@code markdown} field of a {@code POST /api/design/survey} body (JSON or form-encoded). */
final class SurveyRequest {
    private SurveyRequest() {}

    static String markdown(ObjectMapper json, String contentType, byte[] body) {
        String text = SurveyRequestReader.utf8(body, "request body");
        boolean form = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if (form && !text.stripLeading().startsWith("{")) {
            return fromForm(text);
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ApiError(400, "request body is not valid JSON: " + e.getOriginalMessage(), Math.max(0, line));
        }
        if (root == null || !root.isObject()) {
            throw new ApiError(400, "request body must be a JSON object like {\"markdown\": \"...\"}");
        }
        JsonNode field = root.get("markdown");
        if (field == null || field.isNull()) {
            throw new ApiError(400, "field 'markdown' is missing");
        }
        if (!field.isTextual()) {
            throw new ApiError(
                    400,
                    "field 'markdown' must be a string, was "
                            + field.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return field.textValue();
    }

    private static String fromForm(String form) {
        try {
            return formField(form);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "form body is not valid URL encoding: " + e.getMessage());
        }
    }

    private static String formField(String form) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (name.equals("markdown")) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new ApiError(400, "form field 'markdown' is missing");
    }
}
