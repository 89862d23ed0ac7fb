package io.relais.records.patient;

import io.relais.common.paging.PageRequest;

import java.time.LocalDate;

/**
 * Search criteria; every one optional but at least one required. {@code name} matches any part of
 * the name, {@code family} and {@code given} only that part; birth dates in [{@code bornFrom},
 * {@code bornBefore}).
 */
public record PatientSearch(String name, String family, String given, LocalDate bornFrom, LocalDate bornBefore,
                            String identifier, IdentifierScope identifierScope, PageRequest page) {

    /** Which identifiers {@link #identifier()} is compared with. */
    public enum IdentifierScope {
        /** The IPP or a qualified INS (the native API's {@code identifier}). */
        ANY,
        IPP,
        /** Only a qualified INS: an unqualified one is not an identifier (référentiel INS). */
        QUALIFIED_INS
    }

    public boolean empty() {
        return name == null && family == null && given == null && bornFrom == null && bornBefore == null
                && identifier == null;
    }
}
