package org.samreg.pacs;

import java.util.List;

/**
 * One registration the listener decided to do, as kept on disk by {@link JobQueue}: a new series (moving) to be
 * registered to its prior (fixed, found later). Immutable; every step returns the job's next state.
 *
 * @param key    rule name + new series UID (+ the instance count, for a re-registration of a series that grew after
 *               it was registered); a second trigger of the same series finds the key taken
 * @param stage  the next thing to do
 * @param nextAttemptMillis when a retried job may run again
 * @param instances instances of the new series the registration used (0 until it ran)
 */
public record Job(String key, String rule, String patientId, String studyUid, String seriesUid, String modality,
                  String description, String seriesDateTime, String priorStudyUid, String priorSeriesUid, List<String> results,
                  Stage stage, int attempts, long nextAttemptMillis, String lastError, int instances) {

    public enum Stage { FIND_PRIOR, RETRIEVE, REGISTER, PUSH, DONE, NO_PRIOR, FAILED }

    public static Job triggered(NodeConfig.Rule rule, ReceivedInstance series) {
        return new Job(rule.name() + "_" + series.seriesUid(), rule.name(), series.patientId(), series.studyUid(),
                series.seriesUid(), series.modality(), series.seriesDescription(), series.seriesDateTime(), null, null, List.of(),
                Stage.FIND_PRIOR, 0, 0, null, 0);
    }

    /** The same trigger again, for the series grown to {@code instancesNow} after this job registered it. */
    public Job reregistration(int instancesNow) {
        return new Job(rule + "_" + seriesUid + "_" + instancesNow, rule, patientId, studyUid, seriesUid, modality, description,
                seriesDateTime, null, null, List.of(), Stage.FIND_PRIOR, 0, 0, null, 0);
    }

    /** Whether the registration has run (its result is what was, or is being, pushed). */
    public boolean registered() {
        return stage == Stage.PUSH || stage == Stage.DONE || (stage == Stage.FAILED && instances > 0);
    }

    public boolean finished() {
        return stage == Stage.DONE || stage == Stage.NO_PRIOR || stage == Stage.FAILED;
    }

    public Job withPrior(SeriesInfo prior) {
        return new Job(key, rule, patientId, studyUid, seriesUid, modality, description, seriesDateTime,
                prior == null ? null : prior.studyUid(), prior == null ? null : prior.seriesUid(), results,
                prior == null ? Stage.NO_PRIOR : Stage.RETRIEVE, 0, 0, null, instances);
    }

    public Job at(Stage next) {
        return new Job(key, rule, patientId, studyUid, seriesUid, modality, description, seriesDateTime, priorStudyUid,
                priorSeriesUid, results, next, 0, 0, null, instances);
    }

    /** Registered with {@code usedInstances} instances of the new series; next, the push. */
    public Job withResults(List<String> files, int usedInstances) {
        return new Job(key, rule, patientId, studyUid, seriesUid, modality, description, seriesDateTime, priorStudyUid,
                priorSeriesUid, List.copyOf(files), Stage.PUSH, 0, 0, null, usedInstances);
    }

    /** The same stage again later: back-off doubles from {@code initialMs} up to {@code maxMs}. */
    public Job retryLater(String error, long now, long initialMs, long maxMs) {
        long delay = Math.min(maxMs, initialMs << Math.min(attempts, 30));
        return new Job(key, rule, patientId, studyUid, seriesUid, modality, description, seriesDateTime, priorStudyUid,
                priorSeriesUid, results, stage, attempts + 1, now + delay, error, instances);
    }

    public Job failed(String error) {
        return new Job(key, rule, patientId, studyUid, seriesUid, modality, description, seriesDateTime, priorStudyUid,
                priorSeriesUid, results, Stage.FAILED, attempts, 0, error, instances);
    }
}
