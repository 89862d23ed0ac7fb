-- Folding for name search (see V0_2): Unicode compatibility forms first (NFKC: the "ﬁ" ligature,
-- full-width "Ｄｕｐｏｎｔ", superscripts), then accents, case, hyphens and apostrophes. Input is NFC
-- already (StrictJson) and format characters are refused at the door, so what is folded here is
-- what a person typed. A repeatable migration: it replaces the function wherever it is older.
-- Rows stored before this version keep the words they were folded to; a name only they would
-- match differently (one written with compatibility characters) is folded anew when it changes.
CREATE OR REPLACE FUNCTION relais_fold(value TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize(value, NFKC))), '[-''’]+', ' ', 'g') $$;
