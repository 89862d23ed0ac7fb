package io.relais.fhir;

import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;

/**
 * Which page of a FHIR search a client asks for: {@code _count} (1 to 100, default 20) and
 * {@code _offset}, which the server puts in its {@code next} links (clients follow the links; they
 * need not build offsets). The same bounds as the native API's paging.
 */
public record FhirPage(int count, int offset) {

    public static FhirPage parse(String count, String offset) {
        int size = PageRequest.parseInt("_count", count, PageRequest.DEFAULT_SIZE, 1, PageRequest.MAX_SIZE);
        int from = PageRequest.parseInt("_offset", offset, 0, 0, PageRequest.MAX_PAGE * size);
        if (from % size != 0) {
            throw ProblemException.invalid("_offset", "must be a multiple of _count; follow the Bundle's next link");
        }
        return new FhirPage(size, from);
    }

    /** The same page in the native API's terms, for the services' searches. */
    public PageRequest request() {
        return new PageRequest(offset / count, count);
    }

    /** This page of a list held whole in memory, plus the next item if any (as {@link FhirBase#searchset} expects). */
    public <T> java.util.List<T> window(java.util.List<T> all) {
        return offset >= all.size() ? java.util.List.of() : all.subList(offset, Math.min(all.size(), offset + count + 1));
    }
}
