package io.relais.launcher;

import io.relais.local.postgres.Replication;

/**
 * The stand-in's database roles and the rules for changing them, with no I/O: which site is
 * primary, which is its standby, whether commits wait for that standby, and whether a promotion
 * waits for a person. {@link StandInStack} asks before it acts on PostgreSQL and records what it
 * did; whether a site's database answers is passed in, so every rule is testable on its own.
 * Not thread-safe: the stack calls it under its own lock, one change at a time.
 */
final class StandInRoles {

    private Site primary;
    private Site standby;
    private boolean synchronous;
    /** Set while the primary is lost and its asynchronous standby waits for a person's decision. */
    private String promotionHeld;

    /** The stack starts with one primary and its synchronous standby. */
    void started(Site primary, Site standby) {
        this.primary = primary;
        this.standby = standby;
        this.synchronous = true;
        this.promotionHeld = null;
    }

    Site primary() {
        return primary;
    }

    /** The designated standby; none after a promotion until the lost site comes back. */
    Site standby() {
        return standby;
    }

    boolean synchronous() {
        return synchronous;
    }

    /** Why no standby was promoted though the primary is lost, or null. */
    String promotionHeld() {
        return promotionHeld;
    }

    /** The failover manager may promote a synchronous standby whose primary no longer answers. */
    boolean mayPromote(Site candidate, boolean primaryAnswers) {
        return candidate == standby && primary != null && !primaryAnswers;
    }

    /** A site became primary: it has no standby until another site rejoins, and nothing waits. */
    void promoted(Site site) {
        primary = site;
        standby = null;
        synchronous = false;
        promotionHeld = null;
    }

    /** A site streams from the primary and commits wait for it. */
    void synchronousStandby(Site site) {
        standby = site;
        synchronous = true;
    }

    /** Commits stop waiting for a synchronous standby that no longer answers, so that they never hang. */
    boolean mayDropToAsynchronous(Site lost, boolean lostAnswers) {
        return lost == standby && synchronous && primary != null && !lostAnswers;
    }

    void droppedToAsynchronous() {
        synchronous = false;
    }

    /** The standby streams again and has caught up: commits may wait for it again, with no person needed. */
    boolean mayRestoreSynchronous(Site site) {
        return site == standby && !synchronous && primary != null;
    }

    void restoredSynchronous() {
        synchronous = true;
    }

    /**
     * The primary is lost and its standby was not synchronous: nothing is promoted, and the
     * person who decides is told what may be lost and how to promote anyway. Returns that text
     * the first time, null afterwards (it is said once per loss).
     */
    String holdPromotion(Site candidate, Replication.StandbyState lastSeen) {
        if (candidate != standby || primary == null || promotionHeld != null) {
            return null;
        }
        promotionHeld = candidate.label() + " was not promoted: when " + primary.label() + " was last seen, " + candidate.label()
                + (lastSeen == null ? " was not synchronous (replication had turned asynchronous)" : " was " + lastSeen.syncState()
                + " (" + lastSeen.state() + ", " + lastSeen.lagBytes() + " bytes behind)")
                + ", so writes " + primary.label() + " acknowledged alone since replication turned asynchronous may be"
                + " missing there. Bring " + primary.label() + " back ('./relais power-on " + primary.name + "') to lose"
                + " nothing, or promote anyway, accepting that loss: './relais promote " + candidate.name
                + " --accept-data-loss'";
        return promotionHeld;
    }

    /** A planned switchover needs both databases answering and nothing acknowledged on one site only. */
    void checkSwitchover(boolean bothAnswer) {
        if (primary == null || standby == null || !synchronous || !bothAnswer) {
            throw new IllegalStateException("A switchover needs both sites up and replication synchronous"
                    + " ('./relais status' shows why not); power the missing site on first");
        }
    }

    /** A person's forced promotion: only of the standby, only once its primary is gone, never of a dead database. */
    void checkForcedPromotion(Site candidate, boolean primaryAnswers, boolean candidateAnswers) {
        if (candidate != standby || primary == null) {
            throw new IllegalStateException(candidate.label() + " is not the standby of a primary ('./relais status')");
        }
        if (primaryAnswers) {
            throw new IllegalStateException(primary.label() + " is still up as primary: use './relais switchover', which loses nothing");
        }
        if (!candidateAnswers) {
            throw new IllegalStateException(candidate.label() + "'s database does not answer: power it on first");
        }
    }
}
