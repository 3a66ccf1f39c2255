package dev.gantry.flags;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.List;

/** Renders a Jackson reference chain as {@code environments.production.rules[0].variant}. */
final class FieldPath {
    private FieldPath() {}

    static String of(List<Reference> path) {
        var sb = new StringBuilder();
        for (Reference ref : path) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }
}
