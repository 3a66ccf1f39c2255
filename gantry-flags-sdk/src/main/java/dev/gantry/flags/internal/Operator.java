package dev.gantry.flags.internal;

/** The condition operators, by their JSON names, grouped by the kind of operand they take. */
public enum Operator {
    EQUALS("equals", Kind.VALUE),
    NOT_EQUALS("notEquals", Kind.VALUE),
    IN("in", Kind.VALUE),
    NOT_IN("notIn", Kind.VALUE),
    CONTAINS("contains", Kind.TEXT),
    STARTS_WITH("startsWith", Kind.TEXT),
    ENDS_WITH("endsWith", Kind.TEXT),
    MATCHES("matches", Kind.REGEX),
    LT("lt", Kind.NUMBER),
    LTE("lte", Kind.NUMBER),
    GT("gt", Kind.NUMBER),
    GTE("gte", Kind.NUMBER),
    SEMVER_EQ("semverEq", Kind.SEMVER),
    SEMVER_LT("semverLt", Kind.SEMVER),
    SEMVER_GT("semverGt", Kind.SEMVER),
    IN_SEGMENT("inSegment", Kind.SEGMENT),
    NOT_IN_SEGMENT("notInSegment", Kind.SEGMENT);

    /** What the operands of an operator must be. */
    public enum Kind {
        VALUE,
        TEXT,
        REGEX,
        NUMBER,
        SEMVER,
        SEGMENT
    }

    private final String jsonName;
    private final Kind kind;

    Operator(String jsonName, Kind kind) {
        this.jsonName = jsonName;
        this.kind = kind;
    }

    public String jsonName() {
        return jsonName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean negated() {
        return this == NOT_EQUALS || this == NOT_IN || this == NOT_IN_SEGMENT;
    }

    /** The operator with this JSON name, or null. */
    public static Operator byName(String name) {
        for (Operator op : values()) if (op.jsonName.equals(name)) return op;
        return null;
    }

    public static String names() {
        var sb = new StringBuilder();
        for (Operator op : values()) sb.append(sb.isEmpty() ? "" : ", ").append(op.jsonName);
        return sb.toString();
    }
}
