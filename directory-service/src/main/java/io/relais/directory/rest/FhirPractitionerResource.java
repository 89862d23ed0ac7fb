package io.relais.directory.rest;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.directory.fhir.DirectoryFhir;
import io.relais.directory.fhir.PlaceCriteria;
import io.relais.directory.fhir.PractitionerResources;
import io.relais.directory.person.PersonService;
import io.relais.directory.person.PersonView;
import io.relais.fhir.FhirMedia;
import io.relais.fhir.FhirPage;
import io.relais.fhir.FhirReads;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * FHIR R4 Practitioner and PractitionerRole: any staff member reads, restricted numbers only for
 * the switchboard and directory administrators, as in {@link PersonResource}.
 */
@Path(DirectoryFhir.BASE)
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
@Authenticated
@Tag(name = "FHIR R4")
@SecurityRequirement(name = "bearer")
public class FhirPractitionerResource {

    @Inject
    PersonService people;

    @Inject
    DirectoryFhir fhir;

    @Context
    UriInfo uri;

    @GET
    @Path("Practitioner")
    @Operation(summary = "Search staff: name (accent-, case- and typo-tolerant) or identifier (RPPS)")
    public Bundle practitioners(@QueryParam("name") String name, @QueryParam("identifier") String identifier,
                                @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        FhirPage page = FhirPage.parse(count, offset);
        List<PersonView> found;
        if (identifier != null && !identifier.isBlank()) {
            if (name != null && !name.isBlank()) {
                throw ProblemException.invalid("identifier", "search by identifier or by name, not both");
            }
            found = page.window(byIdentifier(identifier).stream().toList());
        } else {
            found = people.search(name, null, null, null, page.request());
        }
        return fhir.base().searchset(found.stream().map(PractitionerResources::practitioner).toList(), page, uri);
    }

    @GET
    @Path("Practitioner/{personId}")
    @Operation(summary = "Read a staff member")
    public Response practitioner(@PathParam("personId") String personId) {
        Practitioner practitioner = PractitionerResources.practitioner(people.get(Params.uuid("personId", personId)));
        return FhirReads.ok(practitioner, practitioner);
    }

    @GET
    @Path("PractitionerRole")
    @Operation(summary = "Roles of one person (practitioner) or everyone in one department (organization), numbers in rank order")
    public Bundle roles(@QueryParam("practitioner") String practitioner, @QueryParam("organization") String organization,
                        @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        FhirPage page = FhirPage.parse(count, offset);
        UUID person = PlaceCriteria.reference("practitioner", "Practitioner", practitioner);
        UUID department = PlaceCriteria.reference("organization", "Organization", organization);
        if (person == null && department == null) {
            throw ProblemException.invalid("practitioner", "give practitioner=Practitioner/{id} or organization=Organization/{department id}");
        }
        List<PractitionerRole> roles;
        if (person != null) {
            roles = page.window(PractitionerResources.roles(people.get(person)).stream()
                    .filter(r -> department == null || r.getOrganization().getReference().equals("Organization/" + department))
                    .toList());
        } else {
            roles = people.search(null, null, department, null, page.request()).stream()
                    .map(p -> PractitionerResources.role(p, PractitionerResources.roleId(p.id(), department)).orElseThrow())
                    .toList();
        }
        return fhir.base().searchset(roles, page, uri);
    }

    @GET
    @Path("PractitionerRole/{roleId}")
    @Operation(summary = "Read a role: a person in one department, with the numbers that ring there")
    public Response role(@PathParam("roleId") String roleId) {
        PractitionerRole role = PractitionerResources.personOf(roleId)
                .flatMap(person -> PractitionerResources.role(people.get(person), roleId))
                .orElseThrow(() -> ProblemException.notFound("No PractitionerRole with id " + roleId
                        + "; search PractitionerRole?practitioner=Practitioner/{id} for a person's roles."));
        return FhirReads.ok(role, role);
    }

    private Optional<PersonView> byIdentifier(String identifier) {
        int bar = identifier.indexOf('|');
        String system = bar < 0 ? null : identifier.substring(0, bar).trim();
        String value = identifier.substring(bar + 1).trim();
        if (PractitionerResources.IDNPS_SYSTEM.equals(system)) {
            return value.startsWith("8") ? people.byRpps(value.substring(1)) : Optional.empty();
        }
        if (system == null || system.isEmpty() || PractitionerResources.RPPS_SYSTEM.equals(system)) {
            return people.byRpps(value);
        }
        return Optional.empty();
    }
}
