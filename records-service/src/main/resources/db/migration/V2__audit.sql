CREATE TABLE audit_event (
    id           UUID         PRIMARY KEY,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    actor        TEXT         NOT NULL,
    roles        TEXT         NOT NULL,
    action       VARCHAR(40)  NOT NULL,
    patient_id   UUID,
    resource     TEXT         NOT NULL,
    query        TEXT,
    outcome      VARCHAR(20)  NOT NULL,
    status       INTEGER      NOT NULL,
    request_id   TEXT,
    site         TEXT         NOT NULL,
    -- Later than occurred_at for events kept in the local journal while the database was read-only.
    stored_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_patient ON audit_event (patient_id, occurred_at);
CREATE INDEX audit_event_actor ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_time ON audit_event (occurred_at);

-- Append-only. Only the retention purge may delete, and it says so explicitly.
CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('relais.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
