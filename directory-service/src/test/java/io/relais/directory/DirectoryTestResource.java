package io.relais.directory;

import io.relais.testing.PostgresTestResource;

import java.util.HashMap;
import java.util.Map;

/** directory-service's own database on the shared embedded PostgreSQL. */
public class DirectoryTestResource extends PostgresTestResource {

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent("database", "directory");
        super.init(args);
    }
}
