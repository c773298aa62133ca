package org.samreg.pacs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.samreg.image.AtomicFiles;

/**
 * The listener's jobs, one JSON file each under {@code <storage>/jobs/}, written to a temporary file and renamed,
 * so that a restart finds every job in its last saved stage. Finished jobs stay (they are what makes a duplicate
 * trigger a no-op) until an operator deletes their file.
 */
public final class JobQueue {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private final Path folder;

    public JobQueue(Path storage) throws IOException {
        this.folder = storage.toAbsolutePath().normalize().resolve("jobs");
        Files.createDirectories(folder);
    }

    /** Adds the job unless one with the same key exists; @return whether it was added. */
    public synchronized boolean offer(Job job) throws IOException {
        if (Files.exists(file(job.key()))) {
            return false;
        }
        save(job);
        return true;
    }

    public synchronized void save(Job job) throws IOException {
        AtomicFiles.writeString(file(job.key()), GSON.toJson(job));
    }

    public synchronized List<Job> all() throws IOException {
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    jobs.add(GSON.fromJson(Files.readString(f), Job.class));
                } catch (JsonParseException e) {
                    throw new IOException("job file " + f + " is damaged (" + e.getMessage() + "); fix or delete it", e);
                }
            }
        }
        return jobs;
    }

    /** The unfinished job that has waited longest among those whose retry time has come. */
    public synchronized Optional<Job> nextDue(long now) throws IOException {
        return all().stream().filter(j -> !j.finished() && j.nextAttemptMillis() <= now)
                .min(Comparator.comparingLong(Job::nextAttemptMillis));
    }

    private Path file(String key) {
        return folder.resolve(SafeNames.of(key) + ".json");
    }
}
