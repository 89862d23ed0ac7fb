-- Patients are found by the words of their names (see db/relais-common/V0_3__relais_name_words.sql).
ALTER TABLE patient ADD COLUMN search_words TEXT[] GENERATED ALWAYS AS (relais_name_words(family_name || ' ' || given_names)) STORED;
CREATE INDEX patient_search_words ON patient USING gin (search_words);
CREATE TRIGGER patient_name_words AFTER INSERT OR UPDATE OF family_name, given_names ON patient
    FOR EACH ROW EXECUTE FUNCTION relais_collect_name_words();
INSERT INTO relais_name_word (word) SELECT DISTINCT unnest(search_words) FROM patient ON CONFLICT DO NOTHING;
DROP INDEX patient_search_trgm;
