package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.directory.config.DirectoryConfig;
import io.relais.directory.export.CsvRenderer;
import io.relais.directory.export.ExportService;
import io.relais.print.PdfRenderer;
import io.relais.print.PrintedList;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.format.DateTimeFormatter;

/** Printable exports of a site, for the day the screens go dark. */
@Path("/api/directory/sites/{siteId}")
@Authenticated
@Tag(name = "Printable exports")
@SecurityRequirement(name = "bearer")
public class ExportResource {

    static final String PDF = "application/pdf";
    static final String CSV = "text/csv; charset=UTF-8";

    @Inject
    ExportService exports;

    @Inject
    DirectoryConfig config;

    @GET
    @Path("phone-book")
    @Produces({PDF, CSV})
    @Operation(summary = "The site's phone book, by department (format=pdf or csv)")
    public Response phoneBook(@PathParam("siteId") String siteId, @QueryParam("format") String format) {
        Format f = Format.parse(format);
        return render(exports.phoneBook(Params.uuid("siteId", siteId)), f);
    }

    @GET
    @Path("on-call-list")
    @Produces({PDF, CSV})
    @Operation(summary = "The site's on-call slots from one day to another, inclusive (format=pdf or csv)",
            description = "Dates are days in the hospitals' time zone; default from today for 7 days.")
    public Response onCallList(@PathParam("siteId") String siteId, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("format") String format) {
        Format f = Format.parse(format);
        return render(exports.onCallList(Params.uuid("siteId", siteId), Params.optionalDate("from", from),
                Params.optionalDate("to", to)), f);
    }

    private Response render(PrintedList list, Format format) {
        byte[] body = format == Format.PDF ? new PdfRenderer(config.zone()).render(list) : CsvRenderer.render(list);
        Response.ResponseBuilder response = Response.ok(body, format == Format.PDF ? PDF : CSV)
                .header("Content-Disposition", "attachment; filename=\"" + list.fileName() + "." + format.extension + "\"")
                .header("Cache-Control", "no-store");
        if (list.dataAsOf() != null) {
            response.header("X-Relais-Data-As-Of", DateTimeFormatter.ISO_INSTANT.format(list.dataAsOf()));
        }
        return response.build();
    }

    enum Format {
        PDF("pdf"), CSV("csv");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        static Format parse(String raw) {
            if (raw == null || raw.isBlank() || raw.equals("pdf")) {
                return PDF;
            }
            if (raw.equals("csv")) {
                return CSV;
            }
            throw ProblemException.invalid("format", "'" + raw + "' is not one of [pdf, csv]");
        }
    }
}
