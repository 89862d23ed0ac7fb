package io.relais.records.entry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Status of a clinical entry; which ones apply depends on the {@link EntryKind}. */
public enum EntryStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("inactive") INACTIVE,
    @JsonProperty("resolved") RESOLVED,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("on-hold") ON_HOLD,
    @JsonProperty("current") CURRENT,
    @JsonProperty("entered-in-error") ENTERED_IN_ERROR;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static EntryStatus fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
