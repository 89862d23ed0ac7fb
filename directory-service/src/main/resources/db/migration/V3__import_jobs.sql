-- Large imports run as jobs: the request that sends the file gets 202 and this row's URL at once,
-- instead of a gateway timeout while the import commits behind it.
CREATE TABLE import_job (
    id            UUID         PRIMARY KEY,
    kind          VARCHAR(20)  NOT NULL,
    state         VARCHAR(20)  NOT NULL,
    submitted_by  TEXT         NOT NULL,
    submitted_at  TIMESTAMPTZ  NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    -- Refreshed while it runs; a job whose heartbeat stops belonged to an instance that died, and
    -- is run again (an import is one transaction, so the dead attempt wrote nothing).
    heartbeat_at  TIMESTAMPTZ,
    rows_total    INTEGER      NOT NULL,
    rows_done     INTEGER      NOT NULL DEFAULT 0,
    file          BYTEA,
    outcome       TEXT,
    CONSTRAINT import_job_kind CHECK (kind IN ('people', 'rota')),
    CONSTRAINT import_job_state CHECK (state IN ('queued', 'running', 'succeeded', 'failed'))
);
CREATE INDEX import_job_waiting ON import_job (submitted_at) WHERE state IN ('queued', 'running');
