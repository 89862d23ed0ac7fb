package io.relais.directory.fhir;

import io.relais.directory.department.DepartmentView;
import io.relais.directory.person.ContactKind;
import io.relais.directory.person.PersonView;
import io.relais.directory.person.PersonView.ContactPointView;
import io.relais.fhir.FhirReads;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A staff member as FHIR R4: one Practitioner (who they are) and one PractitionerRole per
 * department (where they work and how to reach them there). Rules in docs/architecture.md, "FHIR R4".
 */
public final class PractitionerResources {

    /** RPPS number, as the Annuaire Santé publishes it. */
    public static final String RPPS_SYSTEM = "http://rpps.fr";
    /** IDNPS: "8" followed by the RPPS number (ANS's national health professional identifier). */
    public static final String IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";

    /** Numbers that work on their own site's network only; a mobile or an e-mail reaches the person anywhere. */
    private static final java.util.Set<ContactKind> SITE_BOUND =
            java.util.EnumSet.of(ContactKind.EXTENSION, ContactKind.DECT, ContactKind.PAGER, ContactKind.RADIO);

    private PractitionerResources() {
    }

    public static Practitioner practitioner(PersonView p) {
        Practitioner practitioner = new Practitioner();
        practitioner.setId(p.id().toString());
        FhirReads.versioned(practitioner, p.version(), p.updatedAt());
        practitioner.setActive(true);
        if (p.rpps() != null) {
            practitioner.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(IDNPS_SYSTEM).setValue("8" + p.rpps());
            practitioner.addIdentifier().setSystem(RPPS_SYSTEM).setValue(p.rpps());
        }
        HumanName name = practitioner.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.familyName())
                .setText(p.givenNames() + " " + p.familyName());
        for (String given : p.givenNames().trim().split("\\s+")) {
            name.addGiven(given);
        }
        practitioner.addQualification().setCode(new CodeableConcept().setText(p.profession()));
        return practitioner;
    }

    /** One role per department; a person in no department has one role, with every number they have. */
    public static List<PractitionerRole> roles(PersonView p) {
        if (p.departments().isEmpty()) {
            return List.of(roleAt(p, null));
        }
        return p.departments().stream().map(d -> roleAt(p, d)).toList();
    }

    /** The role of {@code roleId} ({@link #roleId}), if that person still works there. */
    public static Optional<PractitionerRole> role(PersonView p, String roleId) {
        return roles(p).stream().filter(r -> r.getIdElement().getIdPart().equals(roleId)).findFirst();
    }

    /**
     * {@code <person><department>} as 64 hex digits (FHIR ids are at most 64 characters), or the
     * person's 32 alone for a person in no department: stable as long as they work there.
     */
    public static String roleId(UUID person, UUID department) {
        return hex(person) + (department == null ? "" : hex(department));
    }

    /** The person a role id names, or empty when it is not a role id. */
    public static Optional<UUID> personOf(String roleId) {
        if (!roleId.matches("[0-9a-f]{32}([0-9a-f]{32})?")) {
            return Optional.empty();
        }
        String h = roleId.substring(0, 32);
        return Optional.of(UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16)
                + "-" + h.substring(16, 20) + "-" + h.substring(20)));
    }

    private static PractitionerRole roleAt(PersonView p, DepartmentView.Ref department) {
        PractitionerRole role = new PractitionerRole();
        role.setId(roleId(p.id(), department == null ? null : department.id()));
        FhirReads.versioned(role, p.version(), p.updatedAt());
        role.setActive(true);
        role.setPractitioner(new Reference("Practitioner/" + p.id())
                .setDisplay(p.givenNames() + " " + p.familyName()));
        role.addCode().setText(p.title() == null ? p.profession() : p.profession() + " — " + p.title());
        if (department != null) {
            role.setOrganization(new Reference("Organization/" + department.id()).setDisplay(department.name()));
            role.addLocation(new Reference("Location/" + department.id()).setDisplay(department.name()));
        }
        // Numbers in rank order; an extension, a DECT, a pager or a radio of another site does not ring at this one.
        for (ContactPointView c : p.contactPoints()) {
            if (department == null || !SITE_BOUND.contains(c.kind()) || c.siteId() == null
                    || c.siteId().equals(department.siteId())) {
                role.addTelecom(telecom(c));
            }
        }
        return role;
    }

    private static ContactPoint telecom(ContactPointView c) {
        ContactPoint point = new ContactPoint().setValue(c.value()).setRank(c.rank());
        switch (c.kind()) {
            case EXTENSION -> point.setSystem(ContactPointSystem.PHONE).setUse(ContactPointUse.WORK);
            case DECT, MOBILE -> point.setSystem(ContactPointSystem.PHONE).setUse(ContactPointUse.MOBILE);
            case PAGER -> point.setSystem(ContactPointSystem.PAGER).setUse(ContactPointUse.WORK);
            case FAX -> point.setSystem(ContactPointSystem.FAX).setUse(ContactPointUse.WORK);
            case EMAIL -> point.setSystem(ContactPointSystem.EMAIL).setUse(ContactPointUse.WORK);
            case RADIO, OTHER -> point.setSystem(ContactPointSystem.OTHER).setUse(ContactPointUse.WORK);
        }
        return point;
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

}
