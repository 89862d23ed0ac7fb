package io.relais.directory.rota;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.relais.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RotaRepository implements PanacheRepositoryBase<RotaEntry, UUID> {

    public Optional<RotaEntry> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Slots of these departments that overlap [from, to), in start order. */
    public List<RotaEntry> overlapping(Collection<UUID> departmentIds, Instant from, Instant to, PageRequest page) {
        var query = find("from RotaEntry r join fetch r.person join fetch r.department d join fetch d.site"
                        + " where d.id in ?1 and r.startsAt < ?3 and r.endsAt > ?2"
                        + " order by r.startsAt, d.name, r.roleLabel, r.id", departmentIds, from, to);
        return page == null ? query.list() : query.range(page.offset(), page.offset() + page.size()).list();
    }

    /** Slots of these departments running at {@code at}, with their people's numbers. */
    public List<RotaEntry> runningAt(Collection<UUID> departmentIds, Instant at) {
        return find("select distinct r from RotaEntry r join fetch r.person p left join fetch p.contactPoints"
                + " join fetch r.department d"
                + " where d.id in ?1 and r.startsAt <= ?2 and r.endsAt > ?2"
                + " order by r.roleLabel, r.startsAt, r.id", departmentIds, at).list();
    }

    /** For each of these departments, when its next slot after {@code at} starts (absent when none is planned). */
    public Map<UUID, Instant> nextStarts(Collection<UUID> departmentIds, Instant at) {
        List<Object[]> rows = getEntityManager().createQuery(
                        "select r.department.id, min(r.startsAt) from RotaEntry r where r.department.id in :ids"
                                + " and r.startsAt > :at group by r.department.id", Object[].class)
                .setParameter("ids", departmentIds).setParameter("at", at).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (Instant) r[1]));
    }

    public boolean exists(UUID departmentId, String roleLabel, UUID personId, Instant startsAt, Instant endsAt) {
        return count("department.id = ?1 and roleLabel = ?2 and person.id = ?3 and startsAt = ?4 and endsAt = ?5",
                departmentId, roleLabel, personId, startsAt, endsAt) > 0;
    }
}
