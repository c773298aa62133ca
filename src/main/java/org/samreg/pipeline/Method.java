package org.samreg.pipeline;

/** Which stages a registration runs. */
public enum Method {
    /** The paper's SAMReg alone: ROIs, matching, a field fitted to the ROI pairs. */
    ROI,
    /** The dense stage alone, from the initial alignment: image descriptors only, no model run (fast). */
    IMAGE,
    /** The ROI method, then the dense stage started from its field and guided by its ROI pairs (the default). */
    HYBRID;

    boolean segments() {
        return this != IMAGE;
    }

    boolean refines() {
        return this != ROI;
    }
}
