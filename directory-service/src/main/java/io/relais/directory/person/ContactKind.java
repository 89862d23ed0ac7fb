package io.relais.directory.person;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;
import java.util.regex.Pattern;

/** The channels a person can be reached on, each with the shape its value must have. */
public enum ContactKind {
    @JsonProperty("extension") EXTENSION("[0-9]{2,8}", "an internal extension is 2 to 8 digits"),
    @JsonProperty("dect") DECT("[0-9]{3,8}", "a DECT number is 3 to 8 digits"),
    @JsonProperty("mobile") MOBILE(Phone.PATTERN, Phone.MESSAGE),
    @JsonProperty("pager") PAGER("[0-9]{2,10}", "a pager number is 2 to 10 digits"),
    @JsonProperty("fax") FAX(Phone.PATTERN, Phone.MESSAGE),
    @JsonProperty("email") EMAIL("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+", "not an e-mail address"),
    @JsonProperty("radio") RADIO("[^\\p{Cntrl}]{1,100}", "must not contain control characters"),
    @JsonProperty("other") OTHER("[^\\p{Cntrl}]{1,100}", "must not contain control characters");

    private final Pattern pattern;
    private final String message;

    ContactKind(String pattern, String message) {
        this.pattern = Pattern.compile(pattern);
        this.message = message;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContactKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Why {@code value} is not a valid number of this kind, or null when it is. */
    public String problemWith(String value) {
        return pattern.matcher(value).matches() ? null : message;
    }

    private static final class Phone {
        /** National or international (+33…) number; spaces, dots, dashes and brackets allowed. */
        static final String PATTERN = "\\+?[0-9](?:[ .()-]?[0-9]){5,16}";
        static final String MESSAGE = "a phone number is 6 to 17 digits, optionally starting with + and grouped by spaces, dots or dashes";
    }
}
