package io.relais.common.concurrency;

/** A resource as the API shows it: an id for its URL and the version its ETag is made of. */
public interface Versioned {

    Object id();

    long version();
}
