-- Name search on large tables: a misspelt query word is first corrected against the lexicon of
-- every word of every name (small: a hospital group has a few thousand distinct names), then the
-- people or patients holding those words are found through a GIN index on their word arrays.
-- Scanning the trigram index of the full names instead costs tens of milliseconds at 50,000 rows,
-- because the trigrams of common names are in every other row.
CREATE TABLE relais_name_word (
    word TEXT PRIMARY KEY
);
CREATE INDEX relais_name_word_trgm ON relais_name_word USING gin (word gin_trgm_ops);

-- The folded words of a name: "Jean-François N'Diaye" → {jean, francois, n, diaye}.
CREATE FUNCTION relais_name_words(value TEXT) RETURNS TEXT[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT array_remove(regexp_split_to_array(relais_fold(value), '\s+'), '') $$;

-- Row trigger for tables with a search_words column: adds new words to the lexicon. Words are
-- never removed; a word nobody holds any more matches nobody.
CREATE FUNCTION relais_collect_name_words() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO relais_name_word (word) SELECT DISTINCT unnest(NEW.search_words) ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;
