package org.samreg.everything;

import java.util.List;
import org.samreg.sam.ImageEmbedding;

/** Everything mode's result for one slice of a volume. */
public record SliceSegmentation(int sliceIndex, ImageEmbedding embedding, List<SegmentedRoi> rois,
        EverythingStats stats) {
}
