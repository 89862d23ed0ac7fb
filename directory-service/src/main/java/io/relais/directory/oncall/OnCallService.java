package io.relais.directory.oncall;

import io.relais.directory.department.Department;
import io.relais.directory.department.DepartmentView;
import io.relais.directory.person.ContactVisibility;
import io.relais.directory.person.Person;
import io.relais.directory.person.PersonView;
import io.relais.directory.rota.RotaEntry;
import io.relais.directory.rota.RotaRepository;
import io.relais.directory.rota.RotaService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class OnCallService {

    @Inject
    RotaService rotaService;

    @Inject
    RotaRepository rota;

    @Inject
    ContactVisibility visibility;

    /** Who is on call at {@code at} in one department, or in every department of a site. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OnCallBoard onCall(UUID departmentId, UUID siteId, Instant at) {
        List<Department> ordered = rotaService.scope(departmentId, siteId);
        List<UUID> scope = ordered.stream().map(d -> d.id).toList();
        Map<UUID, List<RotaEntry>> running = scope.isEmpty() ? Map.of()
                : rota.runningAt(scope, at).stream().collect(Collectors.groupingBy(r -> r.department.id));
        Map<UUID, Instant> next = running.keySet().containsAll(scope) ? Map.of() : rota.nextStarts(scope, at);
        List<OnCallBoard.DepartmentOnCall> board = new ArrayList<>();
        for (Department d : ordered) {
            List<OnCallBoard.OnCall> onCall = running.getOrDefault(d.id, List.of()).stream().map(this::onCall).toList();
            board.add(new OnCallBoard.DepartmentOnCall(DepartmentView.Ref.of(d), onCall.isEmpty(),
                    onCall.isEmpty() ? next.get(d.id) : null, onCall));
        }
        return new OnCallBoard(at, board);
    }

    private OnCallBoard.OnCall onCall(RotaEntry r) {
        Person p = r.person;
        return new OnCallBoard.OnCall(r.id, r.roleLabel, r.startsAt, r.endsAt,
                new OnCallBoard.Who(p.id, p.familyName, p.givenNames, p.profession, p.title),
                PersonView.contactPoints(p, visibility));
    }
}
