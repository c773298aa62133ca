package org.samreg.pipeline;

/** Which stages a registration runs. */
public enum Method {
    /** The paper's SAMReg alone: ROIs, matching, a field fitted to the ROI pairs. */
    ROI,
    /** The dense stage alone, from the initial alignment: image descriptors only, no model run (fast). */
    IMAGE,
    /**
     * The ROIs and their matching, then the dense stage from the initial alignment, guided by the ROI pairs (the
     * default); the ROI method's field is not fitted.
     */
    HYBRID;

    boolean segments() {
        return this != IMAGE;
    }

    boolean refines() {
        return this != ROI;
    }
}
