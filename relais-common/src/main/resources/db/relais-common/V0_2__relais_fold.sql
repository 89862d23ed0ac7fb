-- Name search in every service: accent-, case- and typo-tolerant through unaccent + pg_trgm.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
-- folding IMMUTABLE so that it can back a stored column and its indexes. Hyphens and
-- apostrophes fold to spaces: "Jean-François" and "jean francois" compare equal.
CREATE FUNCTION relais_fold(value TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '[-''’]+', ' ', 'g') $$;
