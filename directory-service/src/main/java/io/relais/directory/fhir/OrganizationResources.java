package io.relais.directory.fhir;

import io.relais.directory.department.DepartmentView;
import io.relais.directory.site.SiteView;
import io.relais.fhir.FhirReads;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * Sites and departments as FHIR R4: each is an Organization (a site is a healthcare provider, a
 * department part of it) and a Location (where it is), with the same id as in the native API.
 */
public final class OrganizationResources {

    static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
    static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    public static final String SITE_CODE_SYSTEM = "urn:relais:site-code";
    public static final String DEPARTMENT_CODE_SYSTEM = "urn:relais:department-code";

    private OrganizationResources() {
    }

    public static Organization organization(SiteView site) {
        Organization o = new Organization();
        o.setId(site.id().toString());
        FhirReads.versioned(o, site.version(), site.updatedAt());
        o.setActive(true).setName(site.name());
        o.addIdentifier().setSystem(SITE_CODE_SYSTEM).setValue(site.code());
        o.addType(new CodeableConcept(new Coding(ORGANIZATION_TYPE, "prov", null)));
        return o;
    }

    public static Organization organization(DepartmentView department) {
        Organization o = new Organization();
        o.setId(department.id().toString());
        FhirReads.versioned(o, department.version(), department.updatedAt());
        o.setActive(true).setName(department.name());
        o.addIdentifier().setSystem(DEPARTMENT_CODE_SYSTEM).setValue(department.siteCode() + "/" + department.code());
        o.addType(new CodeableConcept(new Coding(ORGANIZATION_TYPE, "dept", null)));
        o.setPartOf(new Reference("Organization/" + department.siteId()));
        return o;
    }

    public static Location location(SiteView site) {
        Location l = new Location();
        l.setId(site.id().toString());
        FhirReads.versioned(l, site.version(), site.updatedAt());
        l.setStatus(Location.LocationStatus.ACTIVE).setMode(Location.LocationMode.INSTANCE).setName(site.name());
        l.addIdentifier().setSystem(SITE_CODE_SYSTEM).setValue(site.code());
        l.setPhysicalType(new CodeableConcept(new Coding(PHYSICAL_TYPE, "si", null)));
        l.setManagingOrganization(new Reference("Organization/" + site.id()));
        return l;
    }

    public static Location location(DepartmentView department) {
        Location l = new Location();
        l.setId(department.id().toString());
        FhirReads.versioned(l, department.version(), department.updatedAt());
        l.setStatus(Location.LocationStatus.ACTIVE).setMode(Location.LocationMode.INSTANCE).setName(department.name());
        l.addIdentifier().setSystem(DEPARTMENT_CODE_SYSTEM).setValue(department.siteCode() + "/" + department.code());
        l.setManagingOrganization(new Reference("Organization/" + department.id()));
        l.setPartOf(new Reference("Location/" + department.siteId()));
        return l;
    }
}
