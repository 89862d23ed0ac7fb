package io.relais.common.request;

import org.jboss.logging.MDC;

/** The id of the request being served, as set by {@link RequestIdFilter} (also in log lines). */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    /** The current request id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
