package org.samreg.field;

/** Receives solver progress, e.g. for a command-line progress bar. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, iteration, total) -> { };

    /** @param stage short human-readable stage name; {@code iteration} runs from 1 to {@code total} */
    void progress(String stage, int iteration, int total);
}
