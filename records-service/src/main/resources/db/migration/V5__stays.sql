-- Where patients are: one stay per admission, in a unit (a directory department, named as it was
-- when admitted: the downtime packs print it without asking the directory), in a bed.
CREATE TABLE stay (
    id            UUID         PRIMARY KEY,
    patient_id    UUID         NOT NULL REFERENCES patient (id),
    unit_id       UUID         NOT NULL,
    unit_name     VARCHAR(200) NOT NULL,
    bed           VARCHAR(20),
    admitted_at   TIMESTAMPTZ  NOT NULL,
    discharged_at TIMESTAMPTZ,
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    updated_by    VARCHAR(200) NOT NULL,
    CHECK (discharged_at IS NULL OR discharged_at >= admitted_at)
);
-- A patient is in one place at a time.
CREATE UNIQUE INDEX stay_one_open_per_patient ON stay (patient_id) WHERE discharged_at IS NULL;
-- A unit's census: its patients now, by bed.
CREATE INDEX stay_census ON stay (unit_id, bed) WHERE discharged_at IS NULL;
CREATE INDEX stay_patient ON stay (patient_id, admitted_at DESC);
