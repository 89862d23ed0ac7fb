package io.relais.directory.imports;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A CSV import run in the background: its file until it is done, then its report or its problem. */
@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    @Id
    public UUID id;

    public String kind;

    /** Stored in lower case, as the API shows it. */
    public String state;

    @Column(name = "submitted_by")
    public String submittedBy;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "rows_total")
    public int rowsTotal;

    @Column(name = "rows_done")
    public int rowsDone;

    public byte[] file;

    /** The report (succeeded) or the problem document (failed), as JSON. */
    public String outcome;
}
