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

    /** The method named {@code name} (any case): roi, image or hybrid. */
    public static Method parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method must be roi, image or hybrid, got '" + name + "'");
        }
    }

    boolean segments() {
        return this != IMAGE;
    }

    boolean refines() {
        return this != ROI;
    }
}
