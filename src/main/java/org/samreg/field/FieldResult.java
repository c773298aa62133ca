package org.samreg.field;

import java.util.List;

/**
 * Outcome of {@link FieldSolver#solve}, or a start for the dense stage ({@link FieldSolver#start}: losses 0, Dice NaN
 * unless the caller measures them).
 *
 * @param field           total displacement (initial transform + residual), fixed grid, mm
 * @param initialMatrix   row-major 4x4 fixed patient -> moving patient transform fitted from the ROI centroids
 * @param diceLoss        final pair-weighted mean of (1 - soft Dice) of the blurred masks, before the Dice weight
 * @param mseLoss         final pair-weighted mean of the blurred masks' MSE, before the MSE weight
 * @param smoothnessLoss  final mean squared gradient of the residual field, before lambda
 * @param meanDiceBefore  mean hard Dice of the pairs with no registration (zero displacement), counted within each
 *                        fixed ROI's box plus margin; NaN without pairs
 * @param meanDiceAfter   the same through the final field
 * @param used            pairs that drove the field (outliers of the centroid fit are left out)
 * @param warnings        anything the caller should show, e.g. "no ROI pairs to register with"
 */
public record FieldResult(DisplacementField field, double[] initialMatrix, double diceLoss, double mseLoss,
        double smoothnessLoss, double meanDiceBefore, double meanDiceAfter, List<MaskPair> used, double seconds,
        List<String> warnings) {

    public FieldResult {
        used = List.copyOf(used);
        warnings = List.copyOf(warnings);
    }

    public int pairsUsed() {
        return used.size();
    }

    /** True when there was nothing to register with and the field is the initial alignment. */
    public boolean hadNoPairs() {
        return used.isEmpty();
    }
}
