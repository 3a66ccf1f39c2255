package dev.gantry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every error answer of the API: an RFC 9457 {@code application/problem+json} body.
 *
 * @param type     what kind of problem, one URI per kind (see {@link ProblemType})
 * @param title    the kind in words, the same for every problem of that type
 * @param status   the HTTP status, repeated
 * @param detail   this occurrence in one line, e.g. {@code instances: must be 0..100, was -1}
 * @param field    the request field that was wrong, when known (extension member)
 * @param problems every problem found, each naming its field and, for gantry.yml, its line (extension member)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String field, List<String> problems) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static Problem of(ProblemType type, int status, String detail, String field, List<String> problems) {
        return new Problem(type.uri(), type.title(), status, detail, field, problems);
    }

    /** The kind, or {@link ProblemType#INTERNAL} for a type this version does not know. */
    public ProblemType kind() {
        return ProblemType.of(type);
    }
}
