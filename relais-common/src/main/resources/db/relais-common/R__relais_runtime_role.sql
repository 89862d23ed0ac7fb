-- The service runs as its own login role (quarkus.datasource.username), which owns nothing; the
-- migrations run as the schema's owner (quarkus.flyway.username). The runtime role may read and
-- write the service's tables, never change their definition, truncate them or disable their
-- triggers (all need ownership), and only append to the tables listed in the append_only_tables
-- placeholder (the audit trail and the history of clinical entries): no UPDATE, DELETE or
-- TRUNCATE there, whatever session setting it tries. Only the owner purges them.
-- Repeatable: it runs after every versioned migration whenever it changes; tables added later
-- get the same grants through the default privileges.
-- Where one role does both (a deployment that gives the service no separate owner), there is
-- nothing to separate and this does nothing; the service then says so in its log.
DO $relais$
DECLARE
    runtime TEXT := '${runtime_role}';
    append_only TEXT;
BEGIN
    IF runtime = current_user THEN
        RAISE NOTICE 'The service runs as the schema owner %: its audit trail is append-only by trigger only', runtime;
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', runtime);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', runtime);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM %I', runtime);
    FOREACH append_only IN ARRAY string_to_array('${append_only_tables}', ',') LOOP
        IF trim(append_only) <> 'none' THEN
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM %I', trim(append_only), runtime);
        END IF;
    END LOOP;
END
$relais$;
