package io.relais.records.audit;

import java.util.UUID;

/** An answer about one patient; lets the audit trail name the patient of a create. */
public interface PatientScoped {

    UUID patientId();
}
