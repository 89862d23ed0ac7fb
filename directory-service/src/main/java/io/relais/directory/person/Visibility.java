package io.relais.directory.person;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Who may see a contact point: everyone, or only the switchboard and directory administrators. */
public enum Visibility {
    @JsonProperty("public") PUBLIC,
    @JsonProperty("restricted") RESTRICTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
