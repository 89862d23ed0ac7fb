-- People are found by the words of their names (see db/relais-common/V0_3__relais_name_words.sql).
ALTER TABLE person ADD COLUMN search_words TEXT[] GENERATED ALWAYS AS (relais_name_words(family_name || ' ' || given_names)) STORED;
CREATE INDEX person_search_words ON person USING gin (search_words);
CREATE TRIGGER person_name_words AFTER INSERT OR UPDATE OF family_name, given_names ON person
    FOR EACH ROW EXECUTE FUNCTION relais_collect_name_words();
INSERT INTO relais_name_word (word) SELECT DISTINCT unnest(search_words) FROM person ON CONFLICT DO NOTHING;
-- The whole-name trigram index is no longer what search uses.
DROP INDEX person_search_trgm;
