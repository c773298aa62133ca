package org.samreg.sam;

import java.util.List;

/** Everything mode's result for one slice of a volume. */
public record SliceSegmentation(int sliceIndex, ImageEmbedding embedding, List<SegmentedRoi> rois,
        EverythingStats stats) {
}
