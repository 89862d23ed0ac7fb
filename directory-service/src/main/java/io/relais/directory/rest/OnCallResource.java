package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.request.Params;
import io.relais.directory.oncall.OnCallBoard;
import io.relais.directory.oncall.OnCallService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

@Path("/api/directory/on-call")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "On-call rota")
@SecurityRequirement(name = "bearer")
public class OnCallResource {

    @Inject
    OnCallService onCall;

    @GET
    @Operation(summary = "Who is on call now (or at a given instant), in a department or across a site",
            description = "Each department lists its people on call with their numbers in rank order, or says nobodyOnCall.")
    public OnCallBoard onCall(@QueryParam("department") String department, @QueryParam("site") String site,
                              @QueryParam("at") String at) {
        Instant when = Params.optionalInstant("at", at);
        return onCall.onCall(department == null ? null : Params.uuid("department", department),
                site == null ? null : Params.uuid("site", site), when == null ? Instant.now() : when);
    }
}
