package dev.gantry.markdown.marqdown;

/**
 * The header/body split of §2: the header is every line before the first line starting with
 * {@code ---}, concatenated without separators; the body is every later line plus {@code "\n"}.
 */
record SurveyDocument(String header, int[] headerLineStarts, String body, int bodyFirstLine) {

    static SurveyDocument split(String data) {
        String[] lines = data.split("\n", -1);
        int k = 0;
        while (k < lines.length && !lines[k].startsWith("---")) {
            k++;
        }
        if (k == lines.length) {
            throw new MarqdownException(
                    "no line starting with '---' separates the JSON5 header from the survey body"
                            + " (the first line of the input should be a header such as {} and the next line ---)",
                    1);
        }
        StringBuilder header = new StringBuilder();
        int[] starts = new int[k];
        for (int i = 0; i < k; i++) {
            starts[i] = header.length();
            header.append(lines[i]);
        }
        StringBuilder body = new StringBuilder(data.length());
        for (int i = k + 1; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        return new SurveyDocument(header.toString(), starts, body.toString(), k + 2);
    }

    /** The 1-based input line holding header character {@code index}. */
    int headerLine(int index) {
        int line = 1;
        for (int i = 0; i < headerLineStarts.length; i++) {
            if (headerLineStarts[i] <= index) {
                line = i + 1;
            }
        }
        return line;
    }
}
