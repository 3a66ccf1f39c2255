package dev.gantry.markdown.marked;

/** Block token types of marked 0.8.0, with marked's own names (used in its error messages). */
public enum TokenType {
    SPACE("space"),
    CODE("code"),
    HEADING("heading"),
    TABLE("table"),
    HR("hr"),
    BLOCKQUOTE_START("blockquote_start"),
    BLOCKQUOTE_END("blockquote_end"),
    LIST_START("list_start"),
    LIST_ITEM_START("list_item_start"),
    LIST_ITEM_END("list_item_end"),
    LIST_END("list_end"),
    HTML("html"),
    PARAGRAPH("paragraph"),
    TEXT("text");

    private final String jsName;

    TokenType(String jsName) {
        this.jsName = jsName;
    }

    /** The name marked uses for this type. */
    public String jsName() {
        return jsName;
    }

    /** True for the types whose tokens carry a {@code text} field in marked. */
    public boolean hasText() {
        return this == CODE || this == HEADING || this == HTML || this == PARAGRAPH || this == TEXT;
    }
}
