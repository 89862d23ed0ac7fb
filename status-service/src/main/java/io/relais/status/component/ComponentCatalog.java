package io.relais.status.component;

import io.relais.status.config.StatusConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.TreeSet;

/** Which component ids exist: probed targets, site groups (site-a…) and components set by hand. */
@ApplicationScoped
public class ComponentCatalog {

    @Inject
    StatusConfig config;

    public boolean configured(String id) {
        return config.targets().containsKey(id) || siteGroup(id);
    }

    public boolean siteGroup(String id) {
        return id.startsWith("site-") && config.sites().containsKey(id.substring(5));
    }

    /** Needs a transaction: manual components are read from the database. */
    public boolean exists(String id) {
        return configured(id) || Component.findByIdOptional(id).map(c -> ((Component) c).manual).orElse(false);
    }

    public Set<String> ids() {
        Set<String> ids = new TreeSet<>(config.targets().keySet());
        config.sites().keySet().forEach(s -> ids.add("site-" + s));
        Component.<Component>list("manual", true).forEach(c -> ids.add(c.id));
        return ids;
    }
}
