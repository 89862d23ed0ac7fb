-- What each timeline entry changed: every affected component's status as the page showed it just
-- before, and the status the entry declared (Statuspage's affected_components old/new_status).
CREATE TABLE incident_update_component (
    update_id    UUID        NOT NULL REFERENCES incident_update (id) ON DELETE CASCADE,
    component_id VARCHAR(64) NOT NULL,
    old_status   VARCHAR(24) NOT NULL CHECK (old_status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    new_status   VARCHAR(24) NOT NULL CHECK (new_status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    PRIMARY KEY (update_id, component_id)
);
