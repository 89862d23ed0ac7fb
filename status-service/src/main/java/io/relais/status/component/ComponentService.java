package io.relais.status.component;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Components set by hand, and the editable texts (description, what to do instead) of probed ones. */
@ApplicationScoped
public class ComponentService {

    @Inject
    ComponentCatalog catalog;

    @Transactional
    public Component create(ComponentInput input) {
        if (catalog.configured(input.id()) || Component.findByIdOptional(input.id()).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A component with id " + input.id() + " already exists.");
        }
        if (input.status() == null) {
            throw ProblemException.invalid("status", "a component set by hand needs its current status");
        }
        Instant now = Instant.now();
        Component c = new Component();
        c.id = input.id();
        c.manual = true;
        c.version = 1;
        c.createdAt = now;
        apply(c, input, now);
        c.persist();
        return c;
    }

    /** The stored row, or for a probed component never edited, an empty one at version 0. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Component get(String id) {
        return find(id, false).orElseThrow(() -> ProblemException.notFound("No component with id " + id + "."));
    }

    @Transactional
    public Component update(String id, String ifMatch, ComponentInput input) {
        Component c = find(id, true).orElseThrow(() -> ProblemException.notFound("No component with id " + id + "."));
        EntityTags.requireMatch(ifMatch, c.version);
        if (!input.id().equals(id)) {
            throw ProblemException.invalid("id", "the id of a component cannot change (it is " + id + ")");
        }
        if (c.manual && input.status() == null) {
            throw ProblemException.invalid("status", "a component set by hand needs its current status");
        }
        if (!c.manual && input.status() != null) {
            throw ProblemException.invalid("status", "the probes decide the status of " + id
                    + "; declare an incident to override it");
        }
        Instant now = Instant.now();
        if (c.version == 0) {
            c.createdAt = now;
            c.version = 1;
            apply(c, input, now);
            c.persist();
        } else {
            c.version++;
            apply(c, input, now);
        }
        return c;
    }

    private Optional<Component> find(String id, boolean lock) {
        Optional<Component> row = lock ? Component.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                : Component.findByIdOptional(id);
        if (row.isPresent() || !catalog.configured(id)) {
            return row;
        }
        Component blank = new Component();
        blank.id = id;
        blank.manual = false;
        blank.version = 0;
        return Optional.of(blank);
    }

    private void apply(Component c, ComponentInput input, Instant now) {
        if (input.groupId() != null && !catalog.siteGroup(input.groupId())) {
            throw ProblemException.invalid("groupId", "no site group '" + input.groupId() + "'");
        }
        c.name = input.name();
        c.description = input.description();
        c.fallback = input.fallback();
        c.status = input.status() == null ? null : input.status().code();
        c.groupId = input.groupId();
        c.position = input.position() == null ? 1000 : input.position();
        c.updatedAt = now;
    }
}
