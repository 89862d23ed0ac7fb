package io.relais.records;

import io.relais.testing.PostgresTestResource;

import java.util.HashMap;
import java.util.Map;

/** records-service's own database on the shared embedded PostgreSQL. */
public class RecordsTestResource extends PostgresTestResource {

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent("database", "records");
        super.init(args);
    }
}
