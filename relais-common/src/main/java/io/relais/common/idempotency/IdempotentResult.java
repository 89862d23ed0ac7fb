package io.relais.common.idempotency;

import java.net.URI;

/** What a create answered, as stored for replay: status, Location, ETag and JSON body. */
public record IdempotentResult(int status, URI location, String etag, Object body) {

    public static IdempotentResult ok(long version, Object body) {
        return new IdempotentResult(200, null, io.relais.common.concurrency.EntityTags.of(version), body);
    }

    public static IdempotentResult created(URI location, long version, Object body) {
        return new IdempotentResult(201, location, io.relais.common.concurrency.EntityTags.of(version), body);
    }
}
