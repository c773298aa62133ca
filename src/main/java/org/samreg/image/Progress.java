package org.samreg.image;

/**
 * Progress of long work (a registration, one slice's prompts, the field solver), for a command-line bar, a GUI or a
 * log.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> { };

    /** @param stage what is being done; {@code done} of {@code total} units are finished */
    void update(String stage, int done, int total);
}
