package io.relais.common.request;

import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/** The id of the request being served, as set by {@link RequestIdFilter} (also in log lines). */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The current request id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** The offered id when it is a sane token (never a log or header injection), a new UUID otherwise. */
    public static String acceptedOrNew(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
