/**
 * DICOM input and output of SAMReg, on PixelMed.
 *
 * <ul>
 * <li>{@link org.samreg.dicom.DicomSeriesReader} reads an image series into a {@link org.samreg.dicom.DicomSeries}
 * (volume in patient LPS mm plus the references derived objects need) and rejects unusable input with one
 * {@link org.samreg.dicom.DicomInputException}.</li>
 * <li>{@link org.samreg.dicom.SegWriter} / {@link org.samreg.dicom.SegReader}: the matched ROI pairs as one BINARY
 * Segmentation per series; pair k is segment k, with the same colour in both.</li>
 * <li>{@link org.samreg.dicom.RegistrationWriter} / {@link org.samreg.dicom.RegistrationReader}: the registration
 * as a Deformable Spatial Registration in the fixed Frame of Reference; the rigid/affine part goes to the Pre
 * Deformation matrix and the grid holds the rest, so that {@code Mpre p + D(p)} is the field's moving point.</li>
 * <li>{@link org.samreg.dicom.DerivedSeriesWriter}: the moving image resampled onto the fixed grid as a new
 * series.</li>
 * </ul>
 *
 * Every object is written under a temporary name and renamed when complete; a failed write leaves nothing.
 */
package org.samreg.dicom;
