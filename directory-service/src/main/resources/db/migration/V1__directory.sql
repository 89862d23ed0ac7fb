-- relais_fold(), unaccent and pg_trgm come from db/relais-common/V0_2__relais_fold.sql.

CREATE TABLE site (
    id         UUID         PRIMARY KEY,
    code       VARCHAR(32)  NOT NULL CONSTRAINT site_code_unique UNIQUE,
    name       VARCHAR(200) NOT NULL,
    version    BIGINT       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    updated_by TEXT         NOT NULL
);

CREATE TABLE department (
    id         UUID         PRIMARY KEY,
    site_id    UUID         NOT NULL REFERENCES site (id),
    code       VARCHAR(32)  NOT NULL,
    name       VARCHAR(200) NOT NULL,
    version    BIGINT       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    updated_by TEXT         NOT NULL,
    CONSTRAINT department_code_unique UNIQUE (site_id, code)
);

CREATE TABLE person (
    id          UUID         PRIMARY KEY,
    -- The HR system's identifier: what a CSV import matches people on.
    external_id VARCHAR(64)  CONSTRAINT person_external_id_unique UNIQUE,
    family_name VARCHAR(100) NOT NULL,
    given_names VARCHAR(200) NOT NULL,
    profession  VARCHAR(100) NOT NULL,
    title       VARCHAR(100),
    rpps        VARCHAR(11)  CONSTRAINT person_rpps_unique UNIQUE CHECK (rpps ~ '^[0-9]{11}$'),
    version     BIGINT       NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    updated_by  TEXT         NOT NULL,
    search_name TEXT GENERATED ALWAYS AS (relais_fold(family_name || ' ' || given_names)) STORED
);
CREATE INDEX person_search_trgm ON person USING gin (search_name gin_trgm_ops);
CREATE INDEX person_name_order ON person (family_name, given_names, id);
CREATE INDEX person_profession ON person (relais_fold(profession));

CREATE TABLE person_department (
    person_id     UUID NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    department_id UUID NOT NULL REFERENCES department (id),
    PRIMARY KEY (person_id, department_id)
);
CREATE INDEX person_department_by_department ON person_department (department_id, person_id);

-- A person's numbers, in the order to try them.
CREATE TABLE contact_point (
    person_id    UUID         NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    contact_rank INT          NOT NULL,
    kind         VARCHAR(12)  NOT NULL CHECK (kind IN ('extension', 'dect', 'mobile', 'pager', 'fax', 'email', 'radio', 'other')),
    value        VARCHAR(100) NOT NULL,
    site_id      UUID         REFERENCES site (id),
    visibility   VARCHAR(12)  NOT NULL CHECK (visibility IN ('public', 'restricted')),
    label        VARCHAR(100),
    PRIMARY KEY (person_id, contact_rank)
);
CREATE INDEX contact_point_site ON contact_point (site_id);

CREATE TABLE rota_entry (
    id            UUID         PRIMARY KEY,
    department_id UUID         NOT NULL REFERENCES department (id),
    role_label    VARCHAR(100) NOT NULL,
    person_id     UUID         NOT NULL REFERENCES person (id),
    starts_at     TIMESTAMPTZ  NOT NULL,
    ends_at       TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    updated_by    TEXT         NOT NULL,
    CONSTRAINT rota_entry_ends_after_start CHECK (ends_at > starts_at)
);
-- "Who is on call in these departments at t": starts_at <= t AND ends_at > t.
CREATE INDEX rota_entry_at ON rota_entry (department_id, starts_at, ends_at);
CREATE INDEX rota_entry_person ON rota_entry (person_id);
