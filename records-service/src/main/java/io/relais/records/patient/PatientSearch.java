package io.relais.records.patient;

import io.relais.common.paging.PageRequest;

import java.time.LocalDate;

/** Search criteria; every one optional but at least one required. */
public record PatientSearch(String name, LocalDate birthDate, String identifier, PageRequest page) {
}
