package io.relais.status.rest;

import io.quarkus.qute.Template;
import io.relais.status.config.StatusConfig;
import io.relais.status.uptime.UptimeRecorder;
import io.relais.status.view.AtomFeed;
import io.relais.status.view.PageModel;
import io.relais.status.view.PageText;
import io.relais.status.view.Snapshot;
import io.relais.status.view.StatusView;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The human status page (French by default) and the Atom feed of incidents. */
@Path("/")
@PermitAll
public class PageResource {

    @Inject
    Template page;

    @Inject
    StatusView view;

    @Inject
    StatusConfig config;

    @Inject
    UptimeRecorder uptime;

    /** Rendered pages of the current snapshot, by language: the page is rebuilt only when something changed. */
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    private record Rendered(Snapshot snapshot, String html) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response html(@QueryParam("lang") String lang, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        String language = PageText.language(lang, acceptLanguage);
        Snapshot s = view.current();
        Rendered r = rendered.get(language);
        if (r == null || r.snapshot() != s) {
            r = new Rendered(s, page.data("m", PageModel.of(s, language, config.page(), uptime)).render());
            rendered.put(language, r);
        }
        return Response.ok(r.html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Content-Language", language)
                .header("Cache-Control", "no-cache").header("Vary", "Accept-Language").build();
    }

    @GET
    @Path("history.atom")
    @Produces("application/atom+xml")
    public Response atom() {
        return Response.ok(AtomFeed.render(view.current(), config.page()), "application/atom+xml; charset=UTF-8")
                .header("Cache-Control", "no-cache").build();
    }
}
