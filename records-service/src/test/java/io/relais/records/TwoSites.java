package io.relais.records;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.relais.testing.ReplicatedPostgresTestResource;

import java.util.List;
import java.util.Map;

/** The service on a primary with a synchronous standby at the other site, both real PostgreSQL servers. */
public class TwoSites implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ReplicatedPostgresTestResource.class, Map.of("database", "records")));
    }
}
