-- Components set by hand (systems outside the suite) and the editable texts of probed ones.
CREATE TABLE component (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    description VARCHAR(1000),
    -- What to do instead while it is not operational: downtime procedure, fallback numbers.
    fallback    VARCHAR(2000),
    -- Only for components set by hand; probed ones take their status from the probes.
    status      VARCHAR(24)   CHECK (status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    group_id    VARCHAR(64),
    position    INT           NOT NULL DEFAULT 1000,
    manual      BOOLEAN       NOT NULL,
    version     BIGINT        NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    CONSTRAINT manual_has_status CHECK (NOT manual OR status IS NOT NULL)
);

-- Incidents and scheduled maintenances share one shape, as in Statuspage.
CREATE TABLE incident (
    id              UUID          PRIMARY KEY,
    kind            VARCHAR(12)   NOT NULL CHECK (kind IN ('incident', 'maintenance')),
    name            VARCHAR(200)  NOT NULL,
    status          VARCHAR(16)   NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem',
                                                             'scheduled', 'in_progress', 'verifying', 'completed')),
    impact          VARCHAR(12)   NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical', 'maintenance')),
    started_at      TIMESTAMPTZ   NOT NULL,
    monitoring_at   TIMESTAMPTZ,
    resolved_at     TIMESTAMPTZ,
    scheduled_for   TIMESTAMPTZ,
    scheduled_until TIMESTAMPTZ,
    version         BIGINT        NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT maintenance_has_window CHECK (kind <> 'maintenance' OR (scheduled_for IS NOT NULL AND scheduled_until > scheduled_for))
);
CREATE INDEX incident_recent ON incident (created_at DESC);

CREATE TABLE incident_update (
    id          UUID          PRIMARY KEY,
    incident_id UUID          NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    status      VARCHAR(16)   NOT NULL,
    body        VARCHAR(5000) NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX incident_update_timeline ON incident_update (incident_id, created_at);

-- The components an incident affects and the status it sets each to.
CREATE TABLE incident_component (
    incident_id  UUID        NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    component_id VARCHAR(64) NOT NULL,
    status       VARCHAR(24) NOT NULL CHECK (status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    PRIMARY KEY (incident_id, component_id)
);

-- Seconds observed and seconds operational per component per day (UTC), for the 90-day bars.
CREATE TABLE uptime_day (
    component_id        VARCHAR(64) NOT NULL,
    day                 DATE        NOT NULL,
    observed_seconds    BIGINT      NOT NULL,
    operational_seconds BIGINT      NOT NULL,
    PRIMARY KEY (component_id, day)
);
