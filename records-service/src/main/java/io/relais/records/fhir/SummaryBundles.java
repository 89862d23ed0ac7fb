package io.relais.records.fhir;

import io.relais.fhir.FhirBase;
import io.relais.records.entry.EntryView;
import io.relais.records.summary.PatientSummary;
import org.hl7.fhir.r4.model.Bundle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

/**
 * The native patient summary as a FHIR {@code collection} Bundle: the Patient first, then the
 * active allergies, medications and problems and the latest notes. What the native answer says
 * about the data travels with it: {@code timestamp} is {@code asOf} (absent when a standby cannot
 * tell), and tags say {@code stale} or {@code read-only} and which site answered.
 */
public final class SummaryBundles {

    public static final String DATA_STATE = "urn:relais:data-state";

    private SummaryBundles() {
    }

    public static Bundle of(PatientSummary summary, PatientResources patients, FhirBase base) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        try {
            bundle.setTimestamp(Date.from(Instant.parse(summary.asOf())));
        } catch (DateTimeParseException unknown) {
            // "unknown": a standby that cannot tell how recent its data is; no timestamp rather than the clock.
        }
        if (summary.stale()) {
            bundle.getMeta().addTag(DATA_STATE, "stale", "May lag behind what was acknowledged elsewhere");
        }
        if (summary.readOnly()) {
            bundle.getMeta().addTag(DATA_STATE, "read-only", "This site's database accepts no writes right now");
        }
        bundle.getMeta().addTag("urn:relais:site", summary.site(), null);
        base.entry(bundle, patients.toFhir(summary.patient()));
        Stream.of(summary.allergies(), summary.medications(), summary.problems(), summary.latestNotes())
                .flatMap(List<EntryView>::stream)
                .forEach(entry -> base.entry(bundle, ClinicalResources.toFhir(entry)));
        return bundle;
    }
}
