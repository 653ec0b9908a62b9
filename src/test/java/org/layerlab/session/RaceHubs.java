package org.layerlab.session;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.protocol.RaceLimits;

/** Race hubs for a test, each on its own scheduler, all closed by {@link #close()} after the test. */
final class RaceHubs implements AutoCloseable {
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final List<RaceHub> hubs = new ArrayList<>();

    /** A hub on {@code workers} workers with room for 10 race pages; {@code slots} job slots, or null for one per worker. */
    RaceHub open(int workers, Integer slots) {
        Scheduler scheduler = new Scheduler(workers);
        schedulers.add(scheduler);
        RaceHub hub = slots == null ? new RaceHub(scheduler, RaceLimits.defaults(), 10)
                : new RaceHub(scheduler, RaceLimits.defaults(), 10, new JobSlots(slots, 10, 10));
        hubs.add(hub);
        return hub;
    }

    /** A hub the test made itself, closed with the others. */
    void add(RaceHub hub) {
        hubs.add(hub);
    }

    @Override
    public void close() {
        hubs.forEach(RaceHub::close);
        schedulers.forEach(Scheduler::close);
    }
}
