package io.relais.directory.rest;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.directory.department.DepartmentService;
import io.relais.directory.department.DepartmentView;
import io.relais.directory.fhir.DirectoryFhir;
import io.relais.directory.fhir.OrganizationResources;
import io.relais.directory.fhir.PlaceCriteria;
import io.relais.directory.site.SiteService;
import io.relais.directory.site.SiteView;
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
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * FHIR R4 Organization and Location: each site and each department is both, with its native id.
 * A hospital group has a few hundred at most, so searches filter them all in memory.
 */
@Path(DirectoryFhir.BASE)
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
@Authenticated
@Tag(name = "FHIR R4")
@SecurityRequirement(name = "bearer")
public class FhirPlaceResource {

    @Inject
    SiteService sites;

    @Inject
    DepartmentService departments;

    @Inject
    DirectoryFhir fhir;

    @Context
    UriInfo uri;

    @GET
    @Path("Organization")
    @Operation(summary = "Sites (type prov) and departments (type dept, partof a site); name")
    public Bundle organizations(@QueryParam("type") String type, @QueryParam("partof") String partOf,
                                @QueryParam("name") String name,
                                @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return places(PlaceCriteria.organizationType(type), PlaceCriteria.reference("partof", "Organization", partOf),
                name, count, offset, OrganizationResources::organization, OrganizationResources::organization);
    }

    @GET
    @Path("Organization/{id}")
    @Operation(summary = "Read a site or a department as an Organization")
    public Response organization(@PathParam("id") String id) {
        return read(id, OrganizationResources::organization, OrganizationResources::organization);
    }

    @GET
    @Path("Location")
    @Operation(summary = "Sites and departments (partof a site) as Locations; name")
    public Bundle locations(@QueryParam("partof") String partOf, @QueryParam("name") String name,
                            @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return places(null, PlaceCriteria.reference("partof", "Location", partOf), name, count, offset,
                OrganizationResources::location, OrganizationResources::location);
    }

    @GET
    @Path("Location/{id}")
    @Operation(summary = "Read a site or a department as a Location")
    public Response location(@PathParam("id") String id) {
        return read(id, OrganizationResources::location, OrganizationResources::location);
    }

    private Bundle places(String type, UUID partOf, String name, String count, String offset,
                          Function<SiteView, ? extends Resource> site, Function<DepartmentView, ? extends Resource> department) {
        FhirPage page = FhirPage.parse(count, offset);
        List<Resource> found = new ArrayList<>();
        if (partOf == null && !"dept".equals(type)) {
            sites.all().stream().filter(s -> PlaceCriteria.nameMatches(s.name(), name)).map(site).forEach(found::add);
        }
        if (!"prov".equals(type)) {
            departments.all().stream()
                    .filter(d -> partOf == null || d.siteId().equals(partOf))
                    .filter(d -> PlaceCriteria.nameMatches(d.name(), name))
                    .map(department).forEach(found::add);
        }
        return fhir.base().searchset(page.window(found), page, uri);
    }

    private Response read(String rawId, Function<SiteView, ? extends Resource> site,
                          Function<DepartmentView, ? extends Resource> department) {
        UUID id = Params.uuid("id", rawId);
        Resource resource = sites.find(id).<Resource>map(site)
                .or(() -> departments.find(id).map(department))
                .orElseThrow(() -> ProblemException.notFound("No site or department with id " + id + "."));
        return FhirReads.ok(resource, resource);
    }
}
