package org.samreg.osgi;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished registration wrote and how well it went.
 *
 * @param outputFolder   the job's folder, holding every file below
 * @param files          the output files (DICOM SEG/REG/derived series for DICOM inputs; NIfTI/PNG/CSV otherwise)
 * @param viewerFiles    what a DICOM viewer such as Weasis draws, in load order: the resampled series (it shares the
 *                       fixed series' frame of reference, so the two scroll together) and the two SEGs, each drawn on
 *                       the series it references; not the Deformable Spatial Registration, which Weasis ignores.
 *                       Empty for image inputs
 * @param pairs          matched ROI pairs
 * @param meanDiceBefore mean Dice of the pairs before registration (the hybrid's in the slice plane, see
 *                       {@link org.samreg.metrics.Overlap#inPlaneDice})
 * @param meanDiceAfter  the same through the fitted field
 * @param seconds        wall time of the job
 * @param warnings       anything the user should see, e.g. an identity fallback
 * @param sentTo         the PACS peer the DICOM results were sent to, or null (not retrieved from a PACS, or sending
 *                       turned off)
 */
public record JobResult(Path outputFolder, List<Path> files, List<Path> viewerFiles, int fixedRois, int movingRois,
                        int pairs, double meanDiceBefore, double meanDiceAfter, double seconds, List<String> warnings,
                        String sentTo) {
}
