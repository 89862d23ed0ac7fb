package io.relais.status.view;

import java.util.Map;

/** The page's words in French (the default) and English (?lang=en or Accept-Language). */
public final class PageText {

    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "fr", Map.ofEntries(
                    Map.entry("title", "État des services"),
                    Map.entry("none", "Tous les services fonctionnent"),
                    Map.entry("minor", "Service dégradé"),
                    Map.entry("major", "Panne partielle"),
                    Map.entry("critical", "Panne majeure"),
                    Map.entry("maintenance", "Maintenance en cours"),
                    Map.entry("operational", "Opérationnel"),
                    Map.entry("degraded_performance", "Dégradé"),
                    Map.entry("partial_outage", "Panne partielle"),
                    Map.entry("major_outage", "Panne"),
                    Map.entry("under_maintenance", "En maintenance"),
                    Map.entry("site_unreachable", "injoignable depuis"),
                    Map.entry("site_unreachable_hint", "Tout le site est injoignable (coupure électrique ou réseau probable). "
                            + "Les applications restent servies par l'autre site : utilisez son adresse."),
                    Map.entry("instead", "En attendant"),
                    Map.entry("incidents", "Incidents en cours"),
                    Map.entry("maintenances", "Maintenances"),
                    Map.entry("scheduled_for", "prévue du"),
                    Map.entry("until", "au"),
                    Map.entry("uptime", "disponibilité sur 90 jours"),
                    Map.entry("no_data", "pas de données"),
                    Map.entry("detail_refused", "connexion refusée"),
                    Map.entry("detail_timeout", "pas de réponse en {0} ms"),
                    Map.entry("detail_unknown_host", "adresse inconnue"),
                    Map.entry("detail_http_status", "a répondu HTTP {0}"),
                    Map.entry("detail_failed", "la vérification a échoué"),
                    Map.entry("detail_degraded", "dégradé : écritures suspendues ou journal d'audit en cours de remplissage"),
                    Map.entry("detail_packs_overdue", "dossiers de secours en retard : imprimez les derniers reçus et prévenez l'astreinte informatique"),
                    Map.entry("detail_slow", "lent ({0} ms)"),
                    Map.entry("updated", "Mis à jour le"),
                    Map.entry("stale", "Base de données injoignable : incidents et maintenances tels que connus le"),
                    Map.entry("other_lang", "English"),
                    Map.entry("other_lang_code", "en"),
                    Map.entry("history", "Historique (Atom)"),
                    Map.entry("investigating", "Analyse en cours"),
                    Map.entry("identified", "Cause identifiée"),
                    Map.entry("monitoring", "Sous surveillance"),
                    Map.entry("resolved", "Résolu"),
                    Map.entry("postmortem", "Analyse post-incident"),
                    Map.entry("scheduled", "Planifiée"),
                    Map.entry("in_progress", "En cours"),
                    Map.entry("verifying", "Vérification"),
                    Map.entry("completed", "Terminée"),
                    Map.entry("other", "Autres systèmes")),
            "en", Map.ofEntries(
                    Map.entry("title", "Service status"),
                    Map.entry("none", "All systems operational"),
                    Map.entry("minor", "Degraded service"),
                    Map.entry("major", "Partial outage"),
                    Map.entry("critical", "Major outage"),
                    Map.entry("maintenance", "Maintenance in progress"),
                    Map.entry("operational", "Operational"),
                    Map.entry("degraded_performance", "Degraded"),
                    Map.entry("partial_outage", "Partial outage"),
                    Map.entry("major_outage", "Outage"),
                    Map.entry("under_maintenance", "Under maintenance"),
                    Map.entry("site_unreachable", "unreachable since"),
                    Map.entry("site_unreachable_hint", "The whole site is unreachable (probably a power or network cut). "
                            + "Applications are still served by the other site: use its address."),
                    Map.entry("instead", "Meanwhile"),
                    Map.entry("incidents", "Ongoing incidents"),
                    Map.entry("maintenances", "Maintenance"),
                    Map.entry("scheduled_for", "scheduled from"),
                    Map.entry("until", "to"),
                    Map.entry("uptime", "uptime over 90 days"),
                    Map.entry("no_data", "no data"),
                    Map.entry("detail_refused", "connection refused"),
                    Map.entry("detail_timeout", "no answer within {0} ms"),
                    Map.entry("detail_unknown_host", "unknown host"),
                    Map.entry("detail_http_status", "answered HTTP {0}"),
                    Map.entry("detail_failed", "the check failed"),
                    Map.entry("detail_degraded", "degraded: writes suspended, or audit journal filling up"),
                    Map.entry("detail_packs_overdue", "downtime packs overdue: print the last ones you have and call the IT on-call"),
                    Map.entry("detail_slow", "slow ({0} ms)"),
                    Map.entry("updated", "Updated"),
                    Map.entry("stale", "Database unreachable: incidents and maintenance as known at"),
                    Map.entry("other_lang", "Français"),
                    Map.entry("other_lang_code", "fr"),
                    Map.entry("history", "History (Atom)"),
                    Map.entry("investigating", "Investigating"),
                    Map.entry("identified", "Identified"),
                    Map.entry("monitoring", "Monitoring"),
                    Map.entry("resolved", "Resolved"),
                    Map.entry("postmortem", "Postmortem"),
                    Map.entry("scheduled", "Scheduled"),
                    Map.entry("in_progress", "In progress"),
                    Map.entry("verifying", "Verifying"),
                    Map.entry("completed", "Completed"),
                    Map.entry("other", "Other systems")));

    private PageText() {
    }

    /** {@code lang} if given and known, else the first known language of Accept-Language, else French. */
    public static String language(String lang, String acceptLanguage) {
        if (lang != null && TEXTS.containsKey(lang)) {
            return lang;
        }
        if (lang == null && acceptLanguage != null) {
            for (String range : acceptLanguage.split(",")) {
                String code = range.trim().split("[-;]")[0].toLowerCase(java.util.Locale.ROOT);
                if (TEXTS.containsKey(code)) {
                    return code;
                }
            }
        }
        return "fr";
    }

    public static Map<String, String> of(String language) {
        return TEXTS.get(language);
    }
}
