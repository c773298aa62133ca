package org.samreg.pipeline;

/** Progress of a long registration, for a command-line bar, a GUI or a log. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> { };

    /** @param stage what is being done; {@code done} of {@code total} units are finished */
    void update(String stage, int done, int total);
}
