package org.samreg.bench;

/**
 * One scored item of a benchmark pair: a label (Dice and centroid TRE) or a landmark set (mean TRE), with and
 * without registration. Dice is NaN for landmark rows.
 */
public record PairScore(String pairId, String group, String label, double diceBefore, double diceAfter,
                        double treBeforeMm, double treAfterMm, int fixedRois, int movingRois, int roiPairs,
                        double encoderSeconds,
                        double decoderSeconds, double matchingSeconds, double fieldSeconds) {
}
