package io.relais.common.request;

import io.relais.common.config.RelaisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;

/**
 * Links the services hand out ({@code Location}, a page's {@code next}) are built from the
 * configured public base URL of the site ({@code relais.http.public-base-url}: the gateway
 * clients reach), never from the request's {@code Host} or forwarded headers, which a client
 * chooses. Without a configured URL, links are path-absolute ({@code /api/records/…}), which
 * every HTTP client resolves against the URL it called.
 */
@ApplicationScoped
public class PublicLinks {

    private final String base;

    @Inject
    public PublicLinks(RelaisConfig config) {
        this.base = config.http().publicBaseUrl().map(u -> u.toString().replaceAll("/+$", "")).orElse("");
    }

    /**
     * The link to a path-absolute reference such as {@code /api/records/patients/42?x=1}; of an
     * absolute one (stored by an older version), only its path and query are kept.
     */
    public String to(String reference) {
        return reference.startsWith("/") ? base + reference : to(URI.create(reference));
    }

    /** The path and query of a URI (whatever host it was built with), as a link. */
    public String to(URI uri) {
        return to(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
}
