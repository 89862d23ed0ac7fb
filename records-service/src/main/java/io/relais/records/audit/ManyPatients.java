package io.relais.records.audit;

import java.util.List;
import java.util.UUID;

/** An answer about several patients (a unit's census, a downtime pack): audited as a read of each. */
public interface ManyPatients {

    List<UUID> patientIds();
}
