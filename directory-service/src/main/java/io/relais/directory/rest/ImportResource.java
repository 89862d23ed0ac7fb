package io.relais.directory.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.request.Params;
import io.relais.common.request.PublicLinks;
import io.relais.directory.imports.ImportJob;
import io.relais.directory.imports.ImportJobs;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

@Path("/api/directory/import")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Import")
@SecurityRequirement(name = "bearer")
public class ImportResource {

    @Inject
    ImportJobs imports;

    @Inject
    PublicLinks links;

    @Inject
    ObjectMapper json;

    @POST
    @Path("people")
    @Consumes("text/csv")
    @Operation(summary = "Import staff from the HR system (CSV)",
            description = "Columns external_id, family_name, given_names, profession, departments (site/dept|…) and optionally "
                    + "title, rpps, contacts (kind:value[:restricted]|…). All-or-nothing: a file with any error changes "
                    + "nothing and the answer lists the errors by row. Matching on external_id makes re-sending safe. "
                    + "A file of more than directory.imports.async-above-rows rows (or sent with Prefer: respond-async) "
                    + "is checked, then imported as a job: 202 with the job's URL in Location.")
    public Response importPeople(@HeaderParam("Prefer") String prefer, byte[] file) {
        return answer(imports.importNow("people", file, respondAsync(prefer)));
    }

    @POST
    @Path("rota")
    @Consumes("text/csv")
    @Operation(summary = "Import on-call slots (CSV)",
            description = "Columns site, department, role, person (external_id), starts_at, ends_at. All-or-nothing; "
                    + "slots already present are left as they are, so re-sending is safe. Large files run as a job (202).")
    public Response importRota(@HeaderParam("Prefer") String prefer, byte[] file) {
        return answer(imports.importNow("rota", file, respondAsync(prefer)));
    }

    @GET
    @Path("jobs/{jobId}")
    @Operation(summary = "An import job: its state and progress, then its report or its problem")
    public Map<String, Object> job(@PathParam("jobId") String jobId) {
        ImportJob job = imports.find(Params.uuid("jobId", jobId))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No import job " + jobId + "."));
        return view(job);
    }

    private Response answer(ImportJobs.Result result) {
        if (result.report() != null) {
            return Response.ok(result.report()).build();
        }
        String location = links.to("/api/directory/import/jobs/" + result.job().id);
        return Response.status(Response.Status.ACCEPTED).header("Location", location)
                .header("Retry-After", "1").entity(view(result.job())).build();
    }

    private Map<String, Object> view(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id);
        view.put("kind", job.kind);
        view.put("state", job.state);
        view.put("rowsTotal", job.rowsTotal);
        view.put("rowsDone", job.rowsDone);
        view.put("submittedBy", job.submittedBy);
        view.put("submittedAt", job.submittedAt);
        putIfPresent(view, "startedAt", job.startedAt);
        putIfPresent(view, "finishedAt", job.finishedAt);
        if (job.outcome != null) {
            try {
                view.put(job.state.equals("succeeded") ? "report" : "problem", json.readTree(job.outcome));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return view;
    }

    private static void putIfPresent(Map<String, Object> view, String name, Instant value) {
        if (value != null) {
            view.put(name, value);
        }
    }

    /** RFC 7240: {@code Prefer: respond-async} asks for a job whatever the file's size. */
    private static boolean respondAsync(String prefer) {
        return prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async");
    }
}
