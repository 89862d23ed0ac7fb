package io.relais.records.pack;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.relais.common.config.RelaisConfig;
import io.relais.common.database.DataFreshness;
import io.relais.common.database.Freshness;
import io.relais.print.PdfRenderer;
import io.relais.records.config.RecordsConfig;
import io.relais.records.stay.StayRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Downtime packs, one per unit with patients in it: regenerated every
 * {@code records.packs.interval} at each site from whichever database the site reads (its
 * standby while the primary is elsewhere, the promoted primary after a failover), and on demand.
 * Each says how fresh its data is and whether it came from a read-only copy.
 */
@ApplicationScoped
public class PackService {

    private final PackContent content;
    private final PackStore store;
    private final StayRepository stays;
    private final DataFreshness freshness;
    private final RecordsConfig.Packs config;
    private final String site;
    private final io.agroal.api.AgroalDataSource dataSource;

    PackService(PackContent content, PackStore store, StayRepository stays, DataFreshness freshness,
                RecordsConfig records, RelaisConfig relais, io.agroal.api.AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.content = content;
        this.store = store;
        this.stays = stays;
        this.freshness = freshness;
        this.config = records.packs();
        this.site = relais.site();
    }

    /** Every unit with patients now; a unit that fails does not stop the others. */
    @Scheduled(every = "${records.packs.interval:15m}", delayed = "${records.packs.first-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void regenerateAll() {
        long started = System.nanoTime();
        List<UUID> units;
        try {
            units = unitsWithPatients();
        } catch (RuntimeException e) {
            Log.warnf("Downtime packs not regenerated: the database does not answer (%s); the last ones stay in %s",
                    e.getMessage(), config.directory());
            return;
        }
        // Where the data comes from is the same for every unit of this run: asked once.
        Source source = source();
        int done = 0;
        for (UUID unit : units) {
            try {
                generate(unit, source);
                done++;
            } catch (RuntimeException e) {
                Log.warnf("Downtime pack of unit %s not regenerated: %s", unit, e.getMessage());
            }
        }
        Log.infof("Downtime packs: %d of %d units in %d ms", done, units.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** A unit's pack now, stored and returned. */
    public PackStore.Stored generate(UUID unitId) {
        return generate(unitId, source());
    }

    /** How fresh the database is, and whether it is a primary that no standby copies. */
    private record Source(Freshness freshness, boolean alone) {
    }

    private Source source() {
        Freshness fresh = freshness.current();
        return new Source(fresh, !fresh.standby() && noStandbyStreams());
    }

    private PackStore.Stored generate(UUID unitId, Source source) {
        Freshness fresh = source.freshness();
        PackContent.Pack pack = content.of(unitId, site, fresh, source.alone(), config.notes(), config.zone());
        byte[] pdf = new PdfRenderer(config.zone()).render(pack.printed());
        PackManifest manifest = store.store(new PackManifest(unitId, pack.unitName(), null, pack.printed().generatedAt(),
                fresh.asOf(), fresh.standby(), fresh.stale(), site, pack.patients(), null, 0), pdf);
        return new PackStore.Stored(manifest, pdf);
    }

    /** The newest stored pack of every unit, with its age. */
    public List<PackView> list() {
        Instant now = Instant.now();
        Duration overdue = config.interval().multipliedBy(2);
        return store.newestOfEveryUnit().stream().map(m -> PackView.of(m, now, overdue)).toList();
    }

    /** True when no standby streams from this primary: what it holds exists nowhere else right now. */
    private boolean noStandbyStreams() {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_replication")) {
            rows.next();
            return rows.getLong(1) == 0;
        } catch (java.sql.SQLException e) {
            return false; // unknown: say nothing rather than something untrue
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<UUID> unitsWithPatients() {
        return stays.unitsWithPatients();
    }
}
