package io.relais.common.text;

/**
 * What human-readable text (names, labels, notes) may contain: no control characters (Unicode
 * Cc) and no invisible format characters (Cf: U+200B zero-width space, U+202E right-to-left
 * override, U+00AD soft hyphen…). "Du\u200Bpont" would be a second Dupont that looks like the
 * first and that no search finds; a reversed-order override makes a name read differently on
 * screen and on paper. Used in {@code @Pattern} so that the 400 names the field.
 */
public final class Text {

    /** Any text without control or format characters. */
    public static final String PRINTABLE = "[^\\p{Cc}\\p{Cf}]*";

    public static final String PRINTABLE_MESSAGE =
            "must not contain control or invisible format characters (such as U+200B or U+202E)";

    /** Multi-line text (notes): line breaks and tabs allowed, nothing else invisible. */
    public static final String PRINTABLE_MULTILINE = "[\\n\\r\\t[^\\p{Cc}\\p{Cf}]]*";

    private Text() {
    }
}
