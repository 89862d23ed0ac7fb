package io.relais.records.patient;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Administrative sex, as FHIR {@code AdministrativeGender}. */
public enum Sex {
    @JsonProperty("female") FEMALE,
    @JsonProperty("male") MALE,
    @JsonProperty("other") OTHER,
    @JsonProperty("unknown") UNKNOWN;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Sex fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
