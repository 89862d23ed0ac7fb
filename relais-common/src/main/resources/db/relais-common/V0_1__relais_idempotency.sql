-- Shared by every Relais service (versions 0.x belong to relais-common, 1+ to the service).
-- Idempotency-Key records live in the service's own database so that a retry landing on the
-- other site after a failover (same replicated database) finds the original answer.
CREATE TABLE relais_idempotency (
    caller       TEXT        NOT NULL,
    idem_key     TEXT        NOT NULL,
    fingerprint  TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN ('in_flight', 'done')),
    status       INTEGER,
    location     TEXT,
    etag         TEXT,
    body         TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX relais_idempotency_expiry ON relais_idempotency (expires_at);
