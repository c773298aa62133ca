package org.samreg.osgi;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.samreg.image.Progress;

/** One queued or running registration: its state, its latest progress, and its outcome as a future. */
public final class RegistrationJob {
    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** The latest progress report of the engine. */
    public record Step(String stage, int done, int total) {
        @Override
        public String toString() {
            return total > 0 ? stage + " " + done + "/" + total : stage;
        }
    }

    private final int id;
    private final String fixed;
    private final String moving;
    private final Path outputFolder;
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    private volatile State state = State.QUEUED;
    private volatile Step step = new Step("queued", 0, 0);
    private volatile boolean cancelRequested;

    RegistrationJob(int id, String fixed, String moving, Path outputFolder) {
        this.id = id;
        this.fixed = fixed;
        this.moving = moving;
        this.outputFolder = outputFolder;
    }

    public int id() {
        return id;
    }

    public String fixed() {
        return fixed;
    }

    public String moving() {
        return moving;
    }

    public Path outputFolder() {
        return outputFolder;
    }

    /** Done, failed or cancelled: it will not change any more. */
    public boolean finished() {
        State s = state();
        return s == State.DONE || s == State.FAILED || s == State.CANCELLED;
    }

    public State state() {
        return state;
    }

    public Step step() {
        return step;
    }

    /** Completes with the result, or exceptionally with the failure ({@link CancellationException} when cancelled). */
    public CompletableFuture<JobResult> result() {
        return result;
    }

    /**
     * Stops the job at the engine's next progress report (a queued job ends as soon as its turn comes); no effect
     * once finished. The engine reports progress after every decoded prompt and every field iteration; an image
     * encoding (about a second) runs to its end.
     */
    public void cancel() {
        cancelRequested = true;
    }

    @Override
    public String toString() {
        return "#" + id + " " + state + " " + (state == State.RUNNING ? step + " " : "") + moving + " -> " + fixed;
    }

    // --- driven by the service's worker thread ---

    /** The engine's progress sink: records the step, and aborts the engine once cancelled. */
    Progress progress() {
        return (stage, done, total) -> {
            checkCancelled();
            step = new Step(stage, done, total);
        };
    }

    void checkCancelled() {
        if (cancelRequested || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("job #" + id + " cancelled");
        }
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void running() {
        state = State.RUNNING;
    }

    void done(JobResult r) {
        state = State.DONE;
        step = new Step("done", 1, 1);
        result.complete(r);
    }

    void failed(Throwable t) {
        state = cancelRequested ? State.CANCELLED : State.FAILED;
        step = new Step(state == State.CANCELLED ? "cancelled" : "failed: " + t.getMessage(), 0, 0);
        result.completeExceptionally(cancelRequested
                ? new CancellationException("job #" + id + " cancelled") : t);
    }
}
