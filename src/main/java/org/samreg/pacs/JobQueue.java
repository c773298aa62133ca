package org.samreg.pacs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.samreg.image.AtomicFiles;

/**
 * The listener's jobs, one JSON file each, written atomically, so that a restart finds every job in its last saved
 * stage: unfinished jobs under {@code <storage>/jobs/}, finished ones under {@code jobs/finished/} (they are what
 * makes a duplicate trigger a no-op; the queue polls only the unfinished ones, so its cost does not grow with
 * history) and are deleted once older than the retention. A damaged file (empty, truncated) is moved to
 * {@code jobs/damaged/} with a note of why, and the queue goes on without it.
 */
public final class JobQueue {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private final Path active;
    private final Path finished;
    private final Quarantine damaged;
    private final Duration keepFinished;

    /** With finished jobs kept forever (to read a queue, e.g. in tests and tools). */
    public JobQueue(Path storage) throws IOException {
        this(storage, ChronoUnit.FOREVER.getDuration());
    }

    /** {@code keepFinished}: how long a finished job's file stays (a duplicate trigger is a no-op until then). */
    public JobQueue(Path storage, Duration keepFinished) throws IOException {
        this.keepFinished = keepFinished;
        this.active = storage.toAbsolutePath().normalize().resolve("jobs");
        this.finished = active.resolve("finished");
        this.damaged = new Quarantine(active.resolve("damaged"));
        Files.createDirectories(finished);
    }

    /** Adds the job unless one with the same key exists, finished or not; @return whether it was added. */
    public synchronized boolean offer(Job job) throws IOException {
        if (Files.exists(file(active, job.key())) || Files.exists(file(finished, job.key()))) {
            return false;
        }
        save(job);
        return true;
    }

    /** Saves the job's new state; a finished job moves to the finished folder. */
    public synchronized void save(Job job) throws IOException {
        if (job.finished()) {
            AtomicFiles.writeString(file(finished, job.key()), GSON.toJson(job));
            Files.deleteIfExists(file(active, job.key()));
            pruneFinished();
        } else {
            AtomicFiles.writeString(file(active, job.key()), GSON.toJson(job));
        }
    }

    /** Every job, unfinished first. */
    public synchronized List<Job> all() throws IOException {
        List<Job> jobs = read(active);
        jobs.addAll(read(finished));
        return jobs;
    }

    /** Every job, finished or not, of the given rule for the given series. */
    public synchronized List<Job> jobs(String rule, String seriesUid) throws IOException {
        return all().stream().filter(j -> j.rule().equals(rule) && j.seriesUid().equals(seriesUid)).toList();
    }

    /** The unfinished job that has waited longest among those whose retry time has come. */
    public synchronized Optional<Job> nextDue(long now) throws IOException {
        return read(active).stream().filter(j -> !j.finished() && j.nextAttemptMillis() <= now)
                .min(Comparator.comparingLong(Job::nextAttemptMillis));
    }

    /** Deletes the finished jobs older than the retention; runs when a job finishes, not while polling. */
    private void pruneFinished() throws IOException {
        Instant oldest;
        try {
            oldest = Instant.now().minus(keepFinished);
        } catch (ArithmeticException | DateTimeException e) {
            return; // kept forever
        }
        for (Path f : jsonFiles(finished)) {
            if (Files.getLastModifiedTime(f).toInstant().isBefore(oldest)) {
                Files.deleteIfExists(f);
            }
        }
    }

    private List<Job> read(Path folder) throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (Path f : jsonFiles(folder)) {
            Job job;
            try {
                job = GSON.fromJson(Files.readString(f), Job.class);
            } catch (JsonParseException e) {
                damaged.take(f, "job file", e.getMessage());
                continue;
            }
            if (job == null || job.key() == null || job.stage() == null) {
                damaged.take(f, "job file", "empty or incomplete job");
            } else {
                jobs.add(job);
            }
        }
        return jobs;
    }

    /** The job files of a folder, by name (its damaged/ and finished/ subfolders and temporary files aside). */
    private static List<Path> jsonFiles(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Path file(Path folder, String key) {
        return folder.resolve(SafeNames.of(key) + ".json");
    }
}
