package io.relais.directory.rest;

import io.relais.directory.imports.ImportReport;
import io.relais.directory.imports.PeopleImporter;
import io.relais.directory.imports.RotaImporter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/directory/import")
@Consumes("text/csv")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Import")
@SecurityRequirement(name = "bearer")
public class ImportResource {

    @Inject
    PeopleImporter people;

    @Inject
    RotaImporter rota;

    @POST
    @Path("people")
    @Operation(summary = "Import staff from the HR system (CSV)",
            description = "Columns external_id, family_name, given_names, profession, departments (site/dept|…) and optionally "
                    + "title, rpps, contacts (kind:value[:restricted]|…). All-or-nothing: a file with any error changes "
                    + "nothing and the answer lists the errors by row. Matching on external_id makes re-sending safe.")
    public ImportReport importPeople(byte[] file) {
        return people.importFile(file);
    }

    @POST
    @Path("rota")
    @Operation(summary = "Import on-call slots (CSV)",
            description = "Columns site, department, role, person (external_id), starts_at, ends_at. All-or-nothing; "
                    + "slots already present are left as they are, so re-sending is safe.")
    public ImportReport importRota(byte[] file) {
        return rota.importFile(file);
    }
}
