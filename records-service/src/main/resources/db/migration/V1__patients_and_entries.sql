-- relais_fold(), unaccent and pg_trgm come from db/relais-common/V0_2__relais_fold.sql.

CREATE TABLE patient (
    id            UUID         PRIMARY KEY,
    ipp           VARCHAR(20)  NOT NULL,
    ins           VARCHAR(15),
    ins_qualified BOOLEAN      NOT NULL DEFAULT FALSE,
    family_name   VARCHAR(100) NOT NULL,
    given_names   VARCHAR(200) NOT NULL,
    birth_date    DATE         NOT NULL,
    sex           VARCHAR(10)  NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    created_by    TEXT         NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    updated_by    TEXT         NOT NULL,
    search_name   TEXT GENERATED ALWAYS AS (relais_fold(family_name || ' ' || given_names)) STORED,
    CONSTRAINT patient_ipp_unique UNIQUE (ipp),
    CONSTRAINT patient_ins_needs_value CHECK (NOT ins_qualified OR ins IS NOT NULL)
);
-- A qualified INS identifies one person; an unqualified one is only a hint and may repeat.
CREATE UNIQUE INDEX patient_qualified_ins_unique ON patient (ins) WHERE ins_qualified;
CREATE INDEX patient_search_trgm ON patient USING gin (search_name gin_trgm_ops);
CREATE INDEX patient_birth_date ON patient (birth_date);
CREATE INDEX patient_name_order ON patient (family_name, given_names, id);

CREATE TABLE clinical_entry (
    id           UUID          PRIMARY KEY,
    patient_id   UUID          NOT NULL REFERENCES patient (id),
    kind         VARCHAR(12)   NOT NULL CHECK (kind IN ('allergy', 'medication', 'problem', 'note')),
    status       VARCHAR(20)   NOT NULL,
    display      VARCHAR(200)  NOT NULL,
    code         VARCHAR(64),
    code_system  VARCHAR(200),
    text         VARCHAR(10000),
    criticality  VARCHAR(20),
    dosage       VARCHAR(500),
    onset        DATE,
    version      BIGINT        NOT NULL,
    reason       VARCHAR(500),
    recorded_at  TIMESTAMPTZ   NOT NULL,
    recorded_by  TEXT          NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    created_by   TEXT          NOT NULL
);
-- The patient summary reads exactly this: one patient's active entries, newest first.
CREATE INDEX clinical_entry_summary ON clinical_entry (patient_id, kind, status, recorded_at DESC);

-- Every version of every entry, written in the same transaction as the entry itself.
CREATE TABLE clinical_entry_version (
    entry_id     UUID          NOT NULL REFERENCES clinical_entry (id),
    version      BIGINT        NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    display      VARCHAR(200)  NOT NULL,
    code         VARCHAR(64),
    code_system  VARCHAR(200),
    text         VARCHAR(10000),
    criticality  VARCHAR(20),
    dosage       VARCHAR(500),
    onset        DATE,
    reason       VARCHAR(500),
    recorded_at  TIMESTAMPTZ   NOT NULL,
    recorded_by  TEXT          NOT NULL,
    PRIMARY KEY (entry_id, version)
);

CREATE FUNCTION relais_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- Clinical data is never hard-deleted: a mistake is marked entered-in-error instead.
CREATE TRIGGER clinical_entry_no_delete BEFORE DELETE ON clinical_entry
    FOR EACH ROW EXECUTE FUNCTION relais_forbid_change();
CREATE TRIGGER clinical_entry_version_append_only BEFORE UPDATE OR DELETE ON clinical_entry_version
    FOR EACH ROW EXECUTE FUNCTION relais_forbid_change();
CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient
    FOR EACH ROW EXECUTE FUNCTION relais_forbid_change();
