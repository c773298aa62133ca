package org.samreg.everything;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.samreg.image.Mask;
import org.samreg.sam.MaskPrediction;

/** The mask quality and overlap filters of SAM's everything mode. */
public final class MaskFilters {
    private MaskFilters() {
    }

    /**
     * The per-mask filters: predicted IoU and stability score at least their thresholds, area within the bounds
     * scaled to the image size.
     */
    public static boolean passesQuality(MaskPrediction mask, float maskThreshold, EverythingSettings settings) {
        if (mask.predictedIou() < settings.predIouThresh()) {
            return false;
        }
        int area = MaskPrediction.area(mask.logits(), maskThreshold);
        if (area < settings.minAreaFor(mask.width(), mask.height())
                || area > settings.maxAreaFor(mask.width(), mask.height())) {
            return false;
        }
        return mask.stabilityScore(maskThreshold, settings.stabilityOffset()) >= settings.stabilityThresh();
    }

    /**
     * Overlap filter: ROIs are taken in order of descending predicted IoU; whenever two kept ROIs intersect in more
     * than {@code overlapThresh} of the smaller one's area, the smaller one is dropped (so a later, larger ROI can
     * replace a smaller earlier one). The survivors are returned in descending predicted IoU.
     */
    public static List<SegmentedRoi> removeOverlaps(List<SegmentedRoi> rois, double overlapThresh) {
        List<SegmentedRoi> byQuality = new ArrayList<>(rois);
        byQuality.sort(Comparator.comparingDouble((SegmentedRoi r) -> r.predictedIou()).reversed());
        List<SegmentedRoi> kept = new ArrayList<>();
        for (SegmentedRoi candidate : byQuality) {
            boolean keepCandidate = true;
            List<SegmentedRoi> dropped = new ArrayList<>();
            for (SegmentedRoi other : kept) {
                int smaller = Math.min(candidate.area(), other.area());
                if (Mask.sharedCount(candidate.pixels(), other.pixels()) > overlapThresh * smaller) {
                    if (candidate.area() <= other.area()) {
                        keepCandidate = false;
                        break;
                    }
                    dropped.add(other);
                }
            }
            if (keepCandidate) {
                kept.removeAll(dropped);
                kept.add(candidate);
            }
        }
        return kept;
    }

    /**
     * SAM's de-duplication: ROIs are taken in order of descending predicted IoU times stability, and one that shares
     * more than {@code iouThresh} of its union with a kept ROI is dropped. A ROI nested in a larger one stays unless
     * it covers most of it. The survivors are returned in that order.
     */
    public static List<SegmentedRoi> removeDuplicates(List<SegmentedRoi> rois, double iouThresh) {
        List<SegmentedRoi> byQuality = new ArrayList<>(rois);
        byQuality.sort(Comparator.comparingDouble((SegmentedRoi r) -> r.predictedIou() * r.stability()).reversed());
        List<SegmentedRoi> kept = new ArrayList<>();
        for (SegmentedRoi candidate : byQuality) {
            boolean duplicate = false;
            for (SegmentedRoi other : kept) {
                int shared = Mask.sharedCount(candidate.pixels(), other.pixels());
                if (shared > iouThresh * (candidate.area() + other.area() - shared)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
