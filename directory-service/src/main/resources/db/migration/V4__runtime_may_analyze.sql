-- A large import analyses the tables it rewrote at once (common.database.TableStatistics): the
-- service's role needs PostgreSQL 17's MAINTAIN privilege for it (it owns no table). On an older
-- server only the owner can, and autovacuum does it a minute or so later.
DO $relais$
BEGIN
    IF current_setting('server_version_num')::int >= 170000 AND '${runtime_role}' <> current_user THEN
        EXECUTE format('GRANT MAINTAIN ON person, person_department, contact_point, relais_name_word, rota_entry TO %I',
                       '${runtime_role}');
    END IF;
END
$relais$;
