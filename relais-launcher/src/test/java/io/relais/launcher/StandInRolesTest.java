package io.relais.launcher;

import io.relais.local.postgres.Replication;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in's role rules without a database: who may be promoted, when commits stop or start waiting. */
class StandInRolesTest {

    private final Site a = new Site("a", "127.0.0.1", 8080, Path.of("site-a"));
    private final Site b = new Site("b", "127.0.0.1", 9080, Path.of("site-b"));
    private final StandInRoles roles = new StandInRoles();

    @Test
    void onlyTheSynchronousStandbyOfAPrimaryThatNoLongerAnswersIsPromoted() {
        roles.started(a, b);
        assertFalse(roles.mayPromote(b, true), "the primary still answers");
        assertFalse(roles.mayPromote(a, false), "a primary is not its own standby");
        assertTrue(roles.mayPromote(b, false));
        roles.promoted(b);
        assertSame(b, roles.primary());
        assertNull(roles.standby(), "no standby until the lost site comes back");
        assertFalse(roles.synchronous());
        assertFalse(roles.mayPromote(a, false), "the lost site is nobody's standby");
    }

    @Test
    void commitsStopWaitingForALostStandbyAndWaitAgainOnceItStreams() {
        roles.started(a, b);
        assertFalse(roles.mayDropToAsynchronous(b, true), "it still answers");
        assertTrue(roles.mayDropToAsynchronous(b, false));
        roles.droppedToAsynchronous();
        assertFalse(roles.mayDropToAsynchronous(b, false), "once is enough");
        assertTrue(roles.mayRestoreSynchronous(b));
        assertFalse(roles.mayRestoreSynchronous(a));
        roles.restoredSynchronous();
        assertTrue(roles.synchronous());
        assertFalse(roles.mayRestoreSynchronous(b));
    }

    @Test
    void aPromotionOfAnAsynchronousStandbyIsHeldOnceWithWhatWouldBeLostAndHowToForceIt() {
        roles.started(a, b);
        roles.droppedToAsynchronous();
        String held = roles.holdPromotion(b, new Replication.StandbyState("streaming", "async", 4096));
        assertTrue(held.contains("4096 bytes behind") && held.contains("./relais promote b --accept-data-loss")
                && held.contains("./relais power-on a"), held);
        assertEquals(held, roles.promotionHeld());
        assertNull(roles.holdPromotion(b, null), "said once per loss");
        roles.promoted(b);
        assertNull(roles.promotionHeld(), "a promotion ends the hold");
    }

    @Test
    void aSwitchoverNeedsBothSitesAndSynchronousReplication() {
        roles.started(a, b);
        roles.checkSwitchover(true);
        assertThrows(IllegalStateException.class, () -> roles.checkSwitchover(false));
        roles.droppedToAsynchronous();
        IllegalStateException async = assertThrows(IllegalStateException.class, () -> roles.checkSwitchover(true));
        assertTrue(async.getMessage().contains("./relais status"), async.getMessage());
    }

    @Test
    void aForcedPromotionIsRefusedWithWhatToDoInstead() {
        roles.started(a, b);
        roles.droppedToAsynchronous();
        assertTrue(assertThrows(IllegalStateException.class, () -> roles.checkForcedPromotion(b, true, true))
                .getMessage().contains("./relais switchover"));
        assertTrue(assertThrows(IllegalStateException.class, () -> roles.checkForcedPromotion(b, false, false))
                .getMessage().contains("power it on first"));
        assertTrue(assertThrows(IllegalStateException.class, () -> roles.checkForcedPromotion(a, false, true))
                .getMessage().contains("is not the standby"));
        roles.checkForcedPromotion(b, false, true);
    }
}
