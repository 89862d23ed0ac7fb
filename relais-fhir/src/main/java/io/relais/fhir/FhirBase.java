package io.relais.fhir;

import io.relais.common.request.PublicLinks;
import jakarta.ws.rs.core.UriInfo;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.net.URI;
import java.util.List;

/**
 * One service's FHIR R4 base ({@code /api/records/fhir/r4}): the links it hands out, built like
 * every Relais link from the site's public base URL and never from the request's Host, and the
 * searchset Bundles it answers searches with.
 */
public final class FhirBase {

    private final String path;
    private final PublicLinks links;

    public FhirBase(String path, PublicLinks links) {
        this.path = path;
        this.links = links;
    }

    /** The base's address as clients should use it. */
    public String url() {
        return links.to(path);
    }

    /**
     * Adds {@code resource} to {@code bundle} with its fullUrl, {@code <base>/Patient/42}. FHIR
     * wants that URL absolute: without a configured public base URL (relais.http.public-base-url)
     * the entry has none rather than one built from the request's Host.
     */
    public Bundle.BundleEntryComponent entry(Bundle bundle, Resource resource) {
        String url = links.to(path + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
        return url.startsWith("/") ? entry : entry.setFullUrl(url);
    }

    /**
     * A searchset Bundle from {@code count + 1} fetched resources: the extra one only tells that a
     * next page exists. No {@code total}: counting a fuzzy search costs as much as running it.
     */
    public Bundle searchset(List<? extends Resource> fetched, FhirPage page, UriInfo uri) {
        boolean more = fetched.size() > page.count();
        List<? extends Resource> shown = more ? fetched.subList(0, page.count()) : fetched;
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addLink().setRelation("self").setUrl(links.to(uri.getRequestUri()));
        if (more) {
            URI next = uri.getRequestUriBuilder()
                    .replaceQueryParam("_count", page.count())
                    .replaceQueryParam("_offset", page.offset() + page.count())
                    .build();
            bundle.addLink().setRelation("next").setUrl(links.to(next));
        }
        for (Resource resource : shown) {
            entry(bundle, resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }
}
