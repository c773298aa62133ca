package org.samreg.pacs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code samreg listen}'s receiving half: the storage SCP files instances, the completion tracker waits for each
 * series to go quiet, and every rule the series matches queues a {@link Job} (at most once per series and rule).
 * Series still arriving when the listener stops are noted ({@link PendingSeries}) and awaited again at start.
 * {@link JobRunner} does the work.
 */
public final class Listener implements AutoCloseable {
    private final NodeConfig config;
    private final InstanceStore store;
    private final JobQueue queue;
    private final SeriesCompletionTracker tracker;
    private final PendingSeries pendingSeries;
    private final StorageScp scp;
    private final Consumer<String> log;

    private Listener(NodeConfig config, Consumer<String> log) throws PacsException, IOException {
        this.config = config;
        this.log = log;
        this.store = new InstanceStore(config.storage());
        this.queue = new JobQueue(config.storage(),
                Duration.ofSeconds(Math.round(config.keepFinishedJobsDays() * 86400)));
        this.tracker = new SeriesCompletionTracker((long) (config.seriesQuietSeconds() * 1000), this::completed);
        this.pendingSeries = new PendingSeries(config.storage());
        for (ReceivedInstance first : pendingSeries.all()) {
            int onDisk = store.instanceCount(first.studyUid(), first.seriesUid());
            log.accept("resuming series " + first.seriesUid() + " (" + onDisk + " instances received before the restart)");
            tracker.resume(first, onDisk);
        }
        this.scp = StorageScp.start(config, store, this::received);
    }

    private void received(ReceivedInstance instance) {
        if (!tracker.ignored(instance.seriesUid())) {
            try {
                pendingSeries.remember(instance);
            } catch (IOException e) {
                log.accept("warning: cannot note series " + instance.seriesUid() + " as pending: " + e.getMessage());
            }
        }
        tracker.accept(instance);
    }

    public static Listener start(NodeConfig config, Consumer<String> log) throws PacsException {
        try {
            return new Listener(config, log);
        } catch (IOException e) {
            throw new PacsException("cannot use storage folder " + config.storage() + ": " + e.getMessage(), e);
        }
    }

    private void completed(SeriesCompletionTracker.CompletedSeries series) {
        ReceivedInstance first = series.first();
        String what = "series " + first.seriesUid() + " '" + first.seriesDescription() + "' (" + series.instances()
                + " instances from " + first.callingAeTitle() + ")";
        boolean matched = false;
        for (NodeConfig.Rule rule : config.rules()) {
            if (!rule.matches(first.modality(), first.seriesDescription())) {
                continue;
            }
            matched = true;
            try {
                log.accept(trigger(rule, first, what));
            } catch (IOException e) {
                log.accept("error: cannot queue " + what + " for rule " + rule.name() + ": " + e.getMessage());
            }
        }
        if (!matched) {
            log.accept("received " + what + "; no rule matches it");
        }
        try {
            pendingSeries.forget(first.seriesUid());
        } catch (IOException e) {
            log.accept("warning: " + e.getMessage());
        }
    }

    /**
     * Queues the series for the rule, unless a job of the rule already has it: one that has not registered yet
     * will take every instance on disk when it does; one that has registered fewer instances than are on disk now
     * (a sender that paused, a crash, a resend of the whole series) is followed by a new job for the grown series
     * ({@code reregisterGrownSeries}); otherwise the trigger is a duplicate. Returns what was decided, for the log.
     */
    private String trigger(NodeConfig.Rule rule, ReceivedInstance first, String what) throws IOException {
        List<Job> earlier = queue.jobs(rule.name(), first.seriesUid());
        String forRule = " for rule " + rule.name();
        if (earlier.isEmpty()) {
            queue.offer(Job.triggered(rule, first));
            return "queued " + what + forRule;
        }
        Optional<Job> waiting = earlier.stream().filter(j -> !j.registered()).findFirst();
        if (waiting.isPresent()) {
            return what + " joins job " + waiting.get().key() + forRule + ", which has not registered it yet";
        }
        int used = earlier.stream().mapToInt(Job::instances).max().orElse(0);
        int onDisk = store.instanceCount(first.studyUid(), first.seriesUid());
        if (onDisk <= used) {
            return "already registered with " + used + " instances, not again: " + what + forRule;
        }
        if (!config.reregisterGrownSeries()) {
            return "series " + first.seriesUid() + " grew from " + used + " to " + onDisk + " instances after it was"
                    + " registered; not registered again (reregisterGrownSeries is false)" + forRule;
        }
        Job again = earlier.get(0).reregistration(onDisk);
        queue.offer(again);
        return "queued again as " + again.key() + ": " + what + forRule + " grew from " + used + " to " + onDisk
                + " instances after it was registered";
    }

    public InstanceStore store() {
        return store;
    }

    public JobQueue queue() {
        return queue;
    }

    public SeriesCompletionTracker tracker() {
        return tracker;
    }

    public int port() {
        return scp.port();
    }

    @Override
    public void close() {
        scp.close();
        tracker.close();
    }
}
