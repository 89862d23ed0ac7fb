package io.relais.records.fhir;

import io.relais.fhir.FhirReads;
import io.relais.records.config.RecordsConfig;
import io.relais.records.patient.PatientView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

import java.sql.Date;

/**
 * A Relais patient as a FHIR R4 Patient (rules in docs/architecture.md, "FHIR R4"): the IPP
 * always, the INS only once qualified, the name as recorded, version and last update in meta.
 */
@ApplicationScoped
public class PatientResources {

    /** The INS (NIR used as health identifier), as the French FHIR profiles name it. */
    public static final String INS_SYSTEM = "urn:oid:1.2.250.1.213.1.4.8";

    private final String ippSystem;

    @Inject
    public PatientResources(RecordsConfig config) {
        this.ippSystem = config.fhir().ippSystem();
    }

    public String ippSystem() {
        return ippSystem;
    }

    public Patient toFhir(PatientView p) {
        Patient patient = new Patient();
        patient.setId(p.id().toString());
        FhirReads.versioned(patient, p.version(), p.updatedAt());
        patient.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(ippSystem).setValue(p.ipp());
        if (p.ins() != null && p.ins().qualified()) {
            // An unqualified INS may not be used or passed on (référentiel INS): it is left out.
            patient.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(INS_SYSTEM).setValue(p.ins().value());
        }
        HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.familyName())
                .setText(p.givenNames() + " " + p.familyName());
        for (String given : p.givenNames().trim().split("\\s+")) {
            name.addGiven(given);
        }
        patient.setGender(switch (p.sex()) {
            case FEMALE -> AdministrativeGender.FEMALE;
            case MALE -> AdministrativeGender.MALE;
            case OTHER -> AdministrativeGender.OTHER;
            case UNKNOWN -> AdministrativeGender.UNKNOWN;
        });
        patient.setBirthDate(Date.valueOf(p.birthDate()));
        return patient;
    }
}
