package io.relais.launcher;

/**
 * What clinicians read on the status page when database roles change, in the page's language:
 * one incident per topic, opened when something they would notice happens, resolved when it is
 * over. Both HA engines (the stand-in and Patroni) say the same things in the same words.
 */
final class HaAnnouncements implements AutoCloseable {

    private final StatusAnnouncer announcer;

    HaAnnouncements(StatusAnnouncer announcer) {
        this.announcer = announcer;
    }

    void plannedSwitchover(Site next) {
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule planifiée des bases de données vers le " + next.label(),
                "Maintenance : le " + next.label() + " devient primaire. Les écritures peuvent être refusées quelques"
                        + " secondes (réessayer) ; les lectures continuent.");
    }

    void switchoverDone(Site primary, Site standby) {
        announcer.resolve(StatusAnnouncer.Topic.FAILOVER, "Bascule terminée : le " + primary.label() + " est primaire, le "
                + standby.label() + " son standby synchrone.");
    }

    /**
     * A standby was promoted on its own (the HA engine's decision).
     *
     * @param lost            the site that stopped answering, or null when the engine does not say
     * @param unreachableMs   for how long, or a negative number when unknown
     * @param wasSynchronous  the promoted site had every acknowledged write
     */
    void promoted(Site promoted, Site lost, long unreachableMs, boolean wasSynchronous) {
        String cause = lost == null ? "" : "Le " + lost.label() + " ne répond plus"
                + (unreachableMs >= 0 ? " depuis " + unreachableMs / 1000.0 + " s" : "") + " : ";
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule des bases de données vers le " + promoted.label(),
                cause + "le " + promoted.label() + " a été promu primaire."
                        + (wasSynchronous ? " Aucune écriture acquittée n'est perdue (réplication synchrone)." : "")
                        + " Les écritures reprennent d'elles-mêmes ; les données ne sont plus copiées sur un second site"
                        + " tant que " + (lost == null ? "l'autre site" : "le " + lost.label()) + " n'est pas revenu.");
    }

    /** A person promoted a standby that was not synchronous, accepting to lose what only the old primary had. */
    void forcedPromotion(Site promoted, Site lost) {
        String old = lost == null ? "l'ancien primaire" : "le " + lost.label();
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule forcée des bases de données vers le " + promoted.label(),
                capitalized(old) + " ne répond plus et le " + promoted.label() + " n'était pas synchrone : il a été"
                        + " promu primaire sur décision d'un administrateur. Les écritures acquittées par " + old
                        + " seul, depuis le passage en réplication asynchrone, peuvent manquer : vérifiez les saisies"
                        + " récentes. Les écritures reprennent d'elles-mêmes.");
    }

    /** Commits no longer wait for the other site, so that they never hang. */
    void asynchronous(Site primary, Site lost) {
        announcer.open(StatusAnnouncer.Topic.REPLICATION, "Réplication asynchrone : "
                        + (lost == null ? "le second site" : "le " + lost.label()) + " ne reçoit plus les écritures",
                (lost == null ? "" : "Le " + lost.label() + " (standby synchrone) ne répond plus. ")
                        + "Pour que les écritures ne restent pas bloquées, le " + primary.label() + " valide seul : une"
                        + " perte de ce site maintenant perdrait les dernières écritures. La réplication redeviendra"
                        + " synchrone dès que l'autre site aura rattrapé son retard.");
    }

    void synchronousAgain(Site standby) {
        announcer.resolve(StatusAnnouncer.Topic.REPLICATION, "Réplication synchrone rétablie : le " + standby.label()
                + " reçoit de nouveau chaque écriture avant qu'elle soit acquittée.");
    }

    /** A lost site is back as the standby of the current primary. */
    void backToNormal(Site standby, Site primary) {
        announcer.resolve(StatusAnnouncer.Topic.FAILOVER, "Le " + standby.label() + " suit le " + primary.label()
                + " (primaire). Fonctionnement normal sur les deux sites.");
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public void close() {
        announcer.close();
    }
}
