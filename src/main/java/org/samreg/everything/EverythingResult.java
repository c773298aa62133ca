package org.samreg.everything;

import java.util.List;
import org.samreg.sam.ImageEmbedding;

/** Everything mode's output for one image: its embedding, the kept ROIs and the work done. */
public record EverythingResult(ImageEmbedding embedding, List<SegmentedRoi> rois, EverythingStats stats) {
}
