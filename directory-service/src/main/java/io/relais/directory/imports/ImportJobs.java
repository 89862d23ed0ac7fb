package io.relais.directory.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.relais.common.database.WriteAvailability;
import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.database.TableStatistics;
import io.relais.common.security.Caller;
import io.relais.directory.config.DirectoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * Imports too large to finish within a request (the gateway gives a service 10 s) run as jobs:
 * the file is checked at once — a bad file is still a 400 naming its rows — then stored, and the
 * request answers 202 with the job's URL. A worker at each instance takes queued jobs one at a
 * time; the job reports its progress while it runs and its report or problem when it is done.
 * The import itself is one transaction, as a synchronous one: all or nothing.
 */
@ApplicationScoped
public class ImportJobs {

    /** One kind of import: its size, its check (no writes) and its run. */
    public interface Importer {
        /** Parses the file (a 400 if it cannot be read) and counts its rows. */
        int rows(byte[] file);

        /** Checks every row without writing; throws the 400 problem a bad file gets. */
        void check(byte[] file);

        ImportReport importFile(byte[] file, String actor, IntConsumer progress);

        /** The tables an import writes, whose planner statistics it makes stale. */
        List<String> tables();
    }

    /** Rows changed by one import above which its tables are vacuumed and analysed at once rather than by autovacuum later. */
    static final int MAINTAIN_ABOVE_ROWS = 500;

    @Inject
    TableStatistics statistics;

    @Inject
    ImportJobRepository jobs;

    @Inject
    PeopleImporter people;

    @Inject
    RotaImporter rota;

    @Inject
    Caller caller;

    @Inject
    WriteAvailability writes;

    @Inject
    DirectoryConfig config;

    @Inject
    ObjectMapper json;

    /** The import of a file: done now when small, as a job when it has more rows than the threshold. */
    public Result importNow(String kind, byte[] file, boolean preferAsync) {
        Importer importer = importer(kind);
        int rows = importer.rows(file);
        if (!preferAsync && rows <= config.imports().asyncAboveRows()) {
            return new Result(maintained(importer, importer.importFile(file, caller.subject(), done -> { })), null);
        }
        importer.check(file);
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.kind = kind;
        job.state = "queued";
        job.submittedBy = caller.subject();
        job.submittedAt = Instant.now();
        job.rowsTotal = rows;
        job.file = file;
        QuarkusTransaction.requiringNew().run(() -> jobs.persist(job));
        Log.infof("Import job %s queued: %s, %d rows, by %s", job.id, kind, rows, job.submittedBy);
        return new Result(null, job);
    }

    /** An import's answer: its report when it ran at once, the queued job otherwise. */
    public record Result(ImportReport report, ImportJob job) {
    }

    public Optional<ImportJob> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findByIdOptional(id).map(job -> {
            jobs.getEntityManager().detach(job);
            job.file = null;
            return job;
        }));
    }

    @Scheduled(every = "${directory.imports.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void runWaitingJobs() {
        if (writes.readOnly()) {
            return; // a standby cannot import: the jobs wait for a primary
        }
        Optional<UUID> next;
        while ((next = QuarkusTransaction.requiringNew().call(() -> jobs.claimNext(config.imports().staleAfter()))).isPresent()) {
            run(next.get());
        }
    }

    private void run(UUID id) {
        ImportJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(id));
        long started = System.nanoTime();
        try {
            Importer importer = importer(job.kind);
            ImportReport report = maintained(importer, importer.importFile(job.file, job.submittedBy,
                    done -> QuarkusTransaction.requiringNew().run(() -> jobs.progress(id, done))));
            finish(id, ImportJob.State.SUCCEEDED, report);
            Log.infof("Import job %s succeeded in %d ms", id, (System.nanoTime() - started) / 1_000_000);
        } catch (ProblemException problem) {
            finish(id, ImportJob.State.FAILED, problemOf(problem.type(), problem.getMessage(), problem.errors()));
        } catch (RuntimeException e) {
            if (writes.readOnly()) {
                QuarkusTransaction.requiringNew().run(() -> jobs.requeue(id));
                Log.warnf("Import job %s put back in the queue: the database turned read-only under it", id);
                return;
            }
            Log.errorf(e, "Import job %s failed", id);
            finish(id, ImportJob.State.FAILED, problemOf(ProblemType.INTERNAL,
                    "The import failed on our side and wrote nothing; quote job " + id + " when reporting it.", null));
        }
    }

    /**
     * After a large import, its tables vacuumed and analysed now: until autovacuum gets to them (a
     * minute or more) the planner costs searches on the old row counts and on the word index's
     * pending list, and chose plans that made the staff search 4-5x slower at 50,000 people
     * (docs/benchmarks.md).
     */
    private ImportReport maintained(Importer importer, ImportReport report) {
        if (report.created() + report.updated() >= MAINTAIN_ABOVE_ROWS) {
            statistics.vacuumAndAnalyze(importer.tables());
        }
        return report;
    }

    private void finish(UUID id, ImportJob.State state, Object outcome) {
        try {
            String text = json.writeValueAsString(outcome);
            QuarkusTransaction.requiringNew().run(() -> jobs.finish(id, state, text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> problemOf(ProblemType type, String detail, java.util.List<Problem.FieldError> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", detail);
        if (errors != null && !errors.isEmpty()) {
            problem.put("errors", errors);
        }
        return problem;
    }

    private Importer importer(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "people" -> people;
            case "rota" -> rota;
            default -> throw new ProblemException(ProblemType.NOT_FOUND, "No import of '" + kind + "': people or rota.");
        };
    }
}
