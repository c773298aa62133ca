package org.samreg.pacs;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Decides when a series sent to the listener is complete: no new instance of it for {@code quietMillis}. DICOM has
 * no end-of-series message, so quiet time is the usual rule. Series we are retrieving ourselves are ignored.
 */
public final class SeriesCompletionTracker implements Consumer<ReceivedInstance>, AutoCloseable {
    /** A series that has gone quiet: its first instance describes it, {@code instances} were received. */
    public record CompletedSeries(ReceivedInstance first, int instances) {
    }

    private record Pending(ReceivedInstance first, int instances, long lastArrival) {
    }

    private final long quietMillis;
    private final Consumer<CompletedSeries> onComplete;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Set<String> ignored = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "samreg-series-completion");
        t.setDaemon(true);
        return t;
    });

    public SeriesCompletionTracker(long quietMillis, Consumer<CompletedSeries> onComplete) {
        this.quietMillis = quietMillis;
        this.onComplete = onComplete;
        long period = Math.max(10, quietMillis / 4);
        timer.scheduleWithFixedDelay(this::flush, period, period, TimeUnit.MILLISECONDS);
    }

    /** Instances of this series will come from our own retrieval, not a new acquisition. */
    public void ignore(String seriesUid) {
        ignored.add(seriesUid);
    }

    public boolean ignored(String seriesUid) {
        return ignored.contains(seriesUid);
    }

    /** Waits again for a series seen before a restart, which already has {@code instances} on disk. */
    public synchronized void resume(ReceivedInstance first, int instances) {
        pending.putIfAbsent(first.seriesUid(), new Pending(first, instances, System.currentTimeMillis()));
    }

    @Override
    public synchronized void accept(ReceivedInstance instance) {
        if (ignored.contains(instance.seriesUid())) {
            return;
        }
        pending.merge(instance.seriesUid(), new Pending(instance, 1, System.currentTimeMillis()),
                (old, now) -> new Pending(old.first(), old.instances() + 1, now.lastArrival()));
    }

    private void flush() {
        java.util.List<CompletedSeries> done = new java.util.ArrayList<>();
        synchronized (this) {
            long now = System.currentTimeMillis();
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.lastArrival() >= quietMillis) {
                    it.remove();
                    done.add(new CompletedSeries(p.first(), p.instances()));
                }
            }
        }
        done.forEach(onComplete); // outside the lock: the consumer may take its time
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
