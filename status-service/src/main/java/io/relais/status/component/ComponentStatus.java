package io.relais.status.component;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** Statuspage's component statuses, ordered from best to worst (maintenance aside). */
public enum ComponentStatus {
    OPERATIONAL, DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE, UNDER_MAINTENANCE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComponentStatus fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(code));
    }

    /** The worse of two statuses; maintenance counts as operational here. */
    public ComponentStatus worst(ComponentStatus other) {
        return severity() >= other.severity() ? this : other;
    }

    int severity() {
        return this == UNDER_MAINTENANCE ? 0 : ordinal();
    }

    public boolean operational() {
        return this == OPERATIONAL;
    }
}
