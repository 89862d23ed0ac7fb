package io.relais.records.rest;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.idempotency.IdempotentResult;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.records.entry.EntryInput;
import io.relais.records.entry.EntryKind;
import io.relais.records.entry.EntryService;
import io.relais.records.entry.EntryStatus;
import io.relais.records.entry.EntryView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.relais.common.request.PublicLinks;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/records/patients/{patientId}/entries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Clinical entries")
@SecurityRequirement(name = "bearer")
public class EntryResource {

    @Inject
    EntryService entries;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @Audited("entry.create")
    @Operation(summary = "Record an allergy, medication, problem or note",
            description = "The author is the token subject. Send an Idempotency-Key to retry safely.")
    public Response create(@PathParam("patientId") String patientId, @HeaderParam(Idempotency.HEADER) String key,
                           @Valid @NotNull EntryInput input) {
        UUID patient = Params.uuid("patientId", patientId);
        return idempotency.create(key, uri, input, () -> entries.create(patient, UUID.randomUUID(), input));
    }

    @GET
    @Audited("entry.list")
    @Operation(summary = "List a patient's entries, newest first, optionally by kind and status")
    public Page<EntryView> list(@PathParam("patientId") String patientId, @QueryParam("kind") String kind,
                                @QueryParam("status") String status, @QueryParam("page") String page,
                                @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(entries.list(Params.uuid("patientId", patientId),
                Params.optionalEnum("kind", kind, EntryKind.class),
                Params.optionalEnum("status", status, EntryStatus.class), request), request, uri, links);
    }

    @GET
    @Path("{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read the current version of an entry")
    public Response get(@PathParam("patientId") String patientId, @PathParam("entryId") String entryId) {
        EntryView entry = entries.get(Params.uuid("patientId", patientId), Params.uuid("entryId", entryId));
        return EntityTags.ok(entry, entry.version());
    }

    @GET
    @Path("{entryId}/history")
    @Audited("entry.history")
    @Operation(summary = "Every version of an entry, oldest first")
    public List<EntryView> history(@PathParam("patientId") String patientId, @PathParam("entryId") String entryId) {
        return entries.history(Params.uuid("patientId", patientId), Params.uuid("entryId", entryId));
    }

    @PUT
    @Path("{entryId}")
    @Audited("entry.update")
    @Operation(summary = "Write a new version of an entry (correction, status change)",
            description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("patientId") String patientId, @PathParam("entryId") String entryId,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull EntryInput input) {
        EntryView entry = entries.update(Params.uuid("patientId", patientId), Params.uuid("entryId", entryId),
                ifMatch, input);
        return EntityTags.ok(entry, entry.version());
    }

    @POST
    @Path("{entryId}/entered-in-error")
    @Audited("entry.entered-in-error")
    @Operation(summary = "Mark an entry as entered in error",
            description = "It leaves every active view but stays in the history. Requires If-Match.")
    public Response markEnteredInError(@PathParam("patientId") String patientId, @PathParam("entryId") String entryId,
                                       @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                       @HeaderParam(Idempotency.HEADER) String key,
                                       @Valid @NotNull EnteredInError body) {
        UUID patient = Params.uuid("patientId", patientId);
        UUID entry = Params.uuid("entryId", entryId);
        return idempotency.run(key, "POST", uri.getPath(), body, () -> {
            EntryView marked = entries.markEnteredInError(patient, entry, ifMatch, body.reason());
            return IdempotentResult.ok(marked.version(), marked);
        });
    }

    /** Why an entry is a mistake. */
    public record EnteredInError(@NotNull @Size(min = 1, max = 500) String reason) {
    }
}
