package dev.gantry.markdown.marked;

import java.util.HashMap;
import java.util.Map;

/** marked 0.8.0's {@code Slugger}: heading ids, unique per parse. */
final class Slugger {
    private static final boolean[] REMOVED = new boolean[128];

    static {
        for (char c : "\\'!\"#$%&()*+,./:;<=>?@[]^`{|}~".toCharArray()) {
            REMOVED[c] = true;
        }
    }

    private final Map<String, Integer> seen = new HashMap<>();

    String slug(String value) {
        String trimmed = JsText.trim(JsText.lower(value));
        StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c < 128 ? REMOVED[c] : c >= '\u2000' && c <= '\u206F' || c >= '\u2E00' && c <= '\u2E7F') {
                continue;
            }
            out.append(JsText.isSpace(c) ? '-' : c);
        }
        String slug = out.toString();
        if (seen.containsKey(slug)) {
            String original = slug;
            do {
                int n = seen.get(original) + 1;
                seen.put(original, n);
                slug = original + "-" + n;
            } while (seen.containsKey(slug));
        }
        if (!slug.equals("__proto__")) {
            seen.put(slug, 0);
        }
        return slug;
    }
}
