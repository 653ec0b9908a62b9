package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared admission on its own: slots, one first-come queue, its bound and the limit per client. */
class JobSlotsTest {

    /** Records what the admission told each job, in order. */
    private static final class Log implements JobSlots.Listener {
        final List<String> events = new ArrayList<>();
        final String name;

        Log(String name) {
            this.name = name;
        }

        @Override
        public void start(JobSlots.Claim claim) {
            events.add("start");
        }

        @Override
        public void moved(JobSlots.Claim claim) {
            events.add("moved to " + claim.position());
        }
    }

    @Test
    void atMostSlotsRunAndTheRestWaitFirstComeFirstServedAcrossKinds() {
        JobSlots slots = new JobSlots(2, 10, 10);
        Log race = new Log("race");
        Log sweep = new Log("sweep");
        Log minima = new Log("minima");
        Log landscape = new Log("landscape");
        JobSlots.Claim a = slots.claim("race", "x", race);
        JobSlots.Claim b = slots.claim("sweep", "y", sweep);
        JobSlots.Claim c = slots.claim("minima", "z", minima);
        JobSlots.Claim d = slots.claim("landscape", "w", landscape);
        assertEquals(List.of("start"), race.events);
        assertEquals(List.of("start"), sweep.events);
        assertEquals(List.of(), minima.events, "two slots: the third waits");
        assertEquals(1, c.position());
        assertEquals(2, d.position());
        assertEquals(0, a.position(), "a running job has no place in the queue");
        assertTrue(a.isRunning());
        assertFalse(c.isRunning());
        assertEquals(2, slots.running());
        assertEquals(2, slots.queued());
        assertEquals(Map.of("race", 1, "sweep", 1), slots.runningByKind());
        assertEquals(Map.of("landscape", 1, "minima", 1), slots.queuedByKind());

        // The sweep ends: the first waiting job (a minima) starts, the landscape moves up to place 1.
        b.release();
        assertEquals(List.of("start"), minima.events);
        assertEquals(List.of("moved to 1"), landscape.events);
        assertEquals(1, d.position());
        b.release(); // idempotent: nothing more starts
        assertEquals(2, slots.running());
        assertEquals(1, slots.queued());
        a.release();
        c.release();
        d.release();
        assertEquals(List.of("moved to 1", "start"), landscape.events);
        assertEquals(0, slots.running());
        assertEquals(0, slots.queued());
    }

    @Test
    void beyondTheQueuesBoundTheServerIsBusyAndSaysHowBusy() {
        JobSlots slots = new JobSlots(1, 2, 10);
        slots.claim("race", null, new Log("1"));
        slots.claim("sweep", null, new Log("2"));
        slots.claim("minima", null, new Log("3"));
        JobRefusedException busy = assertThrows(JobRefusedException.class,
                () -> slots.claim("landscape", null, new Log("4")));
        assertTrue(busy.busy());
        assertFalse(busy.clientLimit());
        assertEquals(null, busy.field());
        assertEquals("The server is busy: 1 job is running and 2 are waiting. Try again in a minute.",
                busy.getMessage());
        assertEquals(2, slots.queued(), "a refused job takes no place");
    }

    @Test
    void aClientMayHoldAFewJobsAndIsToldTheLimitBeyond() {
        JobSlots slots = new JobSlots(1, 64, 3);
        JobSlots.Claim first = slots.claim("race", "10.0.0.7 cookieA", new Log("1"));
        slots.claim("sweep", "10.0.0.7 cookieA", new Log("2"));
        JobSlots.Claim third = slots.claim("minima", "10.0.0.7 cookieA", new Log("3"));
        assertEquals(3, slots.heldBy("10.0.0.7 cookieA"));
        JobRefusedException limit = assertThrows(JobRefusedException.class,
                () -> slots.claim("landscape", "10.0.0.7 cookieA", new Log("4")));
        assertTrue(limit.clientLimit());
        assertFalse(limit.busy());
        assertEquals("You already have 3 jobs waiting or running on this server, the most one client may have at"
                + " once (3). Wait for one to finish, or cancel one, then try again.", limit.getMessage());
        // Another client (same address, another cookie) is not affected, nor is an in-process caller.
        slots.claim("landscape", "10.0.0.7 cookieB", new Log("5"));
        slots.claim("landscape", null, new Log("6"));

        // Withdrawing a waiting job frees the client's share at once.
        assertTrue(third.withdraw());
        assertEquals(2, slots.heldBy("10.0.0.7 cookieA"));
        slots.claim("landscape", "10.0.0.7 cookieA", new Log("7"));
        // Withdrawing the running job frees the share too, but not the slot until the work stops.
        assertFalse(first.withdraw(), "a running job cannot leave the queue; it stops at its next slice");
        assertEquals(2, slots.heldBy("10.0.0.7 cookieA"));
        assertTrue(first.isRunning());
        assertEquals(1, slots.running());
        first.release();
        assertEquals(1, slots.running(), "the next job took the slot");
        assertEquals(2, slots.heldBy("10.0.0.7 cookieA"), "a release after a withdraw counts once");
    }

    @Test
    void aWaitingJobThatLeavesMovesTheOnesBehindItUp() {
        JobSlots slots = new JobSlots(1, 10, 10);
        slots.claim("race", null, new Log("running"));
        Log first = new Log("first");
        Log second = new Log("second");
        Log third = new Log("third");
        JobSlots.Claim a = slots.claim("sweep", null, first);
        JobSlots.Claim b = slots.claim("sweep", null, second);
        JobSlots.Claim c = slots.claim("sweep", null, third);
        assertTrue(b.withdraw());
        assertEquals(List.of(), first.events, "the one ahead did not move");
        assertEquals(List.of("moved to 2"), third.events);
        assertEquals(1, a.position());
        assertEquals(2, c.position());
        assertEquals(0, b.position());
        b.release(); // withdrawn already: nothing happens
        assertEquals(2, slots.queued());
    }

    @Test
    void aClosedAdmissionRefusesAndDropsItsQueue() {
        JobSlots slots = new JobSlots(1, 10, 10);
        JobSlots.Claim running = slots.claim("race", "c", new Log("1"));
        Log waiting = new Log("2");
        slots.claim("sweep", "c", waiting);
        slots.close();
        assertEquals(0, slots.queued());
        assertEquals(1, slots.heldBy("c"), "the running job still counts; the dropped one does not");
        JobRefusedException refused = assertThrows(JobRefusedException.class,
                () -> slots.claim("minima", null, new Log("3")));
        assertTrue(refused.busy());
        assertEquals("The server is shutting down; try again in a minute.", refused.getMessage());
        running.release();
        assertEquals(List.of(), waiting.events, "nothing starts once closed");
        assertEquals(0, slots.running());
    }

    @Test
    void limitsAreChecked() {
        assertEquals("slots must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new JobSlots(0, 1, 1)).getMessage());
        assertEquals("maxQueued must not be negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> new JobSlots(1, -1, 1)).getMessage());
        assertEquals("maxPerClient must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new JobSlots(1, 1, 0)).getMessage());
        JobSlots server = JobSlots.forWorkers(2);
        assertEquals(2, server.slots());
        assertEquals(64, server.maxQueued());
        assertEquals(4, server.maxPerClient());
    }
}
