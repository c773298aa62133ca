package org.samreg.pacs;

import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.samreg.dicom.DicomInputException;
import org.samreg.image.Progress;

/**
 * Works through the {@link JobQueue} one job at a time, one stage at a time, saving the job after each stage so
 * that a restart resumes where it stopped. Network failures (finding or fetching the prior, pushing results) are
 * retried with doubling back-off for as long as the job file exists; a registration that fails is marked FAILED
 * and kept for an operator to look at.
 */
public final class JobRunner implements AutoCloseable {
    private static final long IDLE_MS = 200;

    private final NodeConfig config;
    private final Listener listener;
    private final ResultStore results;
    private final SeriesRegistrar registrar;
    private final Consumer<String> log;
    private final Thread worker;
    private volatile boolean running = true;

    public JobRunner(NodeConfig config, Listener listener, SeriesRegistrar registrar, Consumer<String> log)
            throws PacsException {
        this.config = config;
        this.listener = listener;
        this.registrar = registrar;
        this.log = log;
        try {
            this.results = new ResultStore(config.storage());
        } catch (IOException e) {
            throw new PacsException("cannot use storage folder " + config.storage() + ": " + e.getMessage(), e);
        }
        this.worker = new Thread(this::loop, "samreg-jobs");
        worker.setDaemon(true);
        worker.start();
    }

    private void loop() {
        while (running) {
            try {
                Optional<Job> due = listener.queue().nextDue(System.currentTimeMillis());
                if (due.isPresent()) {
                    run(due.get());
                } else {
                    Thread.sleep(IDLE_MS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.accept("error: job queue: " + e.getMessage());
                sleepQuietly();
            }
        }
    }

    /** Advances the job until it finishes or must wait for a retry. */
    private void run(Job job) throws IOException {
        while (running && !job.finished() && job.nextAttemptMillis() <= System.currentTimeMillis()) {
            job = step(job);
            listener.queue().save(job);
        }
        log.accept("job " + job.key() + ": " + job.stage() + (job.lastError() == null ? ""
                : " (" + job.lastError() + (job.finished() ? "" : "; attempt " + job.attempts() + ", will retry") + ")"));
    }

    private Job step(Job job) {
        try {
            return switch (job.stage()) {
                case FIND_PRIOR -> job.withPrior(findPrior(job).orElse(null));
                case RETRIEVE -> retrievePrior(job);
                case REGISTER -> register(job);
                case PUSH -> push(job);
                case DONE, NO_PRIOR, FAILED -> job;
            };
        } catch (PacsException e) {
            return job.retryLater(e.getMessage(), System.currentTimeMillis(),
                    (long) (config.retryInitialSeconds() * 1000), (long) (config.retryMaxSeconds() * 1000));
        } catch (IOException | DicomInputException | RuntimeException e) {
            return job.failed(job.stage() + " failed: " + e);
        }
    }

    /** The most recent earlier series of the same patient, modality and description on the rule's query peer. */
    private Optional<SeriesInfo> findPrior(Job job) throws PacsException {
        List<SeriesInfo> found = source(job).findSeries(Map.of(TagFromName.PatientID, job.patientId(),
                TagFromName.Modality, job.modality(), TagFromName.SeriesDescription, job.description()));
        return found.stream()
                .filter(s -> !s.seriesUid().equals(job.seriesUid()) && s.description().equalsIgnoreCase(job.description()))
                .filter(s -> s.when().compareTo(job.seriesDateTime()) < 0)
                .max(Comparator.comparing(SeriesInfo::when));
    }

    private Job retrievePrior(Job job) throws PacsException {
        listener.tracker().ignore(job.priorSeriesUid());
        SeriesInfo prior = new SeriesInfo(job.patientId(), job.priorStudyUid(), "", job.priorSeriesUid(),
                job.modality(), job.description(), "", "", "");
        InstanceReception reception = new InstanceReception(listener.store(), config.maxObjectBytes(), i -> { });
        new SeriesRetriever(source(job), listener.store(), reception, config.aeTitle(), log)
                .retrieve(prior, Progress.NONE);
        return job.at(Job.Stage.REGISTER);
    }

    private Job register(Job job) throws IOException, DicomInputException {
        InstanceStore store = listener.store();
        Path fixed = store.seriesFolder(job.priorStudyUid(), job.priorSeriesUid());
        Path moving = store.seriesFolder(job.studyUid(), job.seriesUid());
        int instances = store.instanceCount(job.studyUid(), job.seriesUid());
        List<Path> files = results.produce(job.key(), fixed, moving, registrar, Progress.NONE);
        int now = store.instanceCount(job.studyUid(), job.seriesUid());
        if (now > instances && config.reregisterGrownSeries()) {
            // instances that arrived while it registered joined a job that could no longer take them
            Job again = job.reregistration(now);
            listener.queue().offer(again);
            log.accept("queued again as " + again.key() + ": series " + job.seriesUid() + " grew from " + instances
                    + " to " + now + " instances while it was registered");
        }
        return job.withResults(files.stream().map(Path::toString).toList(), instances);
    }

    private Job push(Job job) throws PacsException {
        NodeConfig.Peer destination = config.pushTo() != null ? config.peer(config.pushTo()) : source(job).peer();
        new PacsClient(destination, config.aeTitle()).store(job.results().stream().map(Path::of).toList());
        return job.at(Job.Stage.DONE);
    }

    private PacsClient source(Job job) throws PacsException {
        String peer = config.rules().stream().filter(r -> r.name().equals(job.rule())).findFirst()
                .orElseThrow(() -> new PacsException("rule " + job.rule() + " is no longer in the configuration"))
                .queryPeer();
        return new PacsClient(config.peer(peer), config.aeTitle());
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(IDLE_MS * 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
