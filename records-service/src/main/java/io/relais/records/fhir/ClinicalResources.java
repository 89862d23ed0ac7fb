package io.relais.records.fhir;

import io.relais.fhir.FhirReads;
import io.relais.records.entry.EntryKind;
import io.relais.records.entry.EntryStatus;
import io.relais.records.entry.EntryView;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MarkdownType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;

/**
 * Clinical entries as FHIR R4 resources: allergy → AllergyIntolerance, medication →
 * MedicationStatement, problem → Condition (problem-list-item), note → DocumentReference. An entry
 * entered in error keeps its verification status and loses its clinical status, as R4's
 * invariants ait-2 and con-5 require. Rules in docs/architecture.md, "FHIR R4".
 */
public final class ClinicalResources {

    static final String ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    static final String ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

    private ClinicalResources() {
    }

    /** The resource types entries are shown as, as a path-template alternative. */
    public static final String TYPES = "AllergyIntolerance|MedicationStatement|Condition|DocumentReference";

    /** The entry kind a FHIR resource type shows (one of {@link #TYPES}). */
    public static EntryKind kindOf(String type) {
        for (EntryKind kind : EntryKind.values()) {
            if (typeOf(kind).equals(type)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(type);
    }

    /** The FHIR resource type an entry kind is shown as. */
    public static String typeOf(EntryKind kind) {
        return switch (kind) {
            case ALLERGY -> "AllergyIntolerance";
            case MEDICATION -> "MedicationStatement";
            case PROBLEM -> "Condition";
            case NOTE -> "DocumentReference";
        };
    }

    public static Resource toFhir(EntryView e) {
        Resource resource = switch (e.kind()) {
            case ALLERGY -> allergy(e);
            case MEDICATION -> medication(e);
            case PROBLEM -> condition(e);
            case NOTE -> note(e);
        };
        resource.setId(e.id().toString());
        return FhirReads.versioned(resource, e.version(), e.recordedAt());
    }

    private static AllergyIntolerance allergy(EntryView e) {
        AllergyIntolerance a = new AllergyIntolerance();
        if (e.status() == EntryStatus.ENTERED_IN_ERROR) {
            a.setVerificationStatus(concept(ALLERGY_VERIFICATION, "entered-in-error"));
        } else {
            a.setClinicalStatus(concept(ALLERGY_CLINICAL, e.status().code()));
        }
        if (e.criticality() != null) {
            a.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.fromCode(e.criticality()));
        }
        a.setCode(code(e)).setPatient(patient(e.patientId())).setRecordedDate(Date.from(e.recordedAt()))
                .setRecorder(recorder(e));
        if (e.onset() != null) {
            a.setOnset(new DateTimeType(e.onset().toString()));
        }
        notes(e).forEach(a::addNote);
        return a;
    }

    private static Condition condition(EntryView e) {
        Condition c = new Condition();
        if (e.status() == EntryStatus.ENTERED_IN_ERROR) {
            c.setVerificationStatus(concept(CONDITION_VERIFICATION, "entered-in-error"));
        } else {
            c.setClinicalStatus(concept(CONDITION_CLINICAL, e.status().code()));
        }
        c.addCategory(concept(CONDITION_CATEGORY, "problem-list-item"));
        c.setCode(code(e)).setSubject(patient(e.patientId())).setRecordedDate(Date.from(e.recordedAt()))
                .setRecorder(recorder(e));
        if (e.onset() != null) {
            c.setOnset(new DateTimeType(e.onset().toString()));
        }
        notes(e).forEach(c::addNote);
        return c;
    }

    private static MedicationStatement medication(EntryView e) {
        MedicationStatement m = new MedicationStatement();
        m.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(e.status().code()));
        m.setMedication(code(e)).setSubject(patient(e.patientId())).setDateAsserted(Date.from(e.recordedAt()))
                .setInformationSource(recorder(e));
        if (e.dosage() != null) {
            m.addDosage().setText(e.dosage());
        }
        if (e.onset() != null) {
            m.setEffective(new DateTimeType(e.onset().toString()));
        }
        notes(e).forEach(m::addNote);
        return m;
    }

    private static DocumentReference note(EntryView e) {
        DocumentReference d = new DocumentReference();
        d.setStatus(e.status() == EntryStatus.ENTERED_IN_ERROR
                ? Enumerations.DocumentReferenceStatus.ENTEREDINERROR : Enumerations.DocumentReferenceStatus.CURRENT);
        d.setSubject(patient(e.patientId())).setDate(Date.from(e.recordedAt())).setDescription(e.display());
        d.addAuthor(recorder(e));
        String text = e.text() == null ? e.display() : e.text();
        d.addContent().getAttachment().setContentType("text/plain; charset=utf-8").setTitle(e.display())
                .setData(text.getBytes(StandardCharsets.UTF_8));
        return d;
    }

    /** The entry's code when it has one in a system named by a URI; its display always, as text. */
    private static CodeableConcept code(EntryView e) {
        CodeableConcept concept = new CodeableConcept().setText(e.display());
        if (e.code() != null && e.codeSystem() != null && e.codeSystem().contains(":")) {
            concept.addCoding(new Coding(e.codeSystem(), e.code(), e.display()));
        }
        return concept;
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept().addCoding(new Coding().setSystem(system).setCode(code));
    }

    static Reference patient(UUID patientId) {
        return new Reference("Patient/" + patientId);
    }

    /** Who recorded it: an account of the identity provider, not a Practitioner of this server. */
    private static Reference recorder(EntryView e) {
        return new Reference().setDisplay(e.recordedBy());
    }

    /** The free text, and for an entry entered in error, why. */
    private static java.util.List<Annotation> notes(EntryView e) {
        java.util.List<Annotation> notes = new java.util.ArrayList<>();
        if (e.text() != null) {
            notes.add(new Annotation(new MarkdownType(e.text())));
        }
        if (e.status() == EntryStatus.ENTERED_IN_ERROR && e.reason() != null) {
            notes.add(new Annotation(new MarkdownType("Entered in error: " + e.reason())));
        }
        return notes;
    }
}
