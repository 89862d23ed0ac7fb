package io.relais.common.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.common.request.PublicLinks;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * One page of results, the same shape in every service:
 * {@code {"items": [...], "page": 0, "size": 20, "next": "https://.../?page=1&size=20"}}, the link built by
 * {@link PublicLinks}.
 * There is no total count: counting a fuzzy search costs as much as running it, and clients
 * only need to know whether there is more.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, int page, int size, String next) {

    /**
     * Builds a page from {@code size + 1} fetched rows: the extra row only tells that a next page exists.
     */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, UriInfo uri, PublicLinks links) {
        boolean more = fetched.size() > request.size();
        List<T> items = more ? List.copyOf(fetched.subList(0, request.size())) : List.copyOf(fetched);
        String next = more ? links.to(uri.getRequestUriBuilder()
                .replaceQueryParam("page", request.page() + 1)
                .replaceQueryParam("size", request.size())
                .build()) : null;
        return new Page<>(items, request.page(), request.size(), next);
    }
}
