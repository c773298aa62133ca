package org.samreg.everything;

/** One point prompt of everything mode: its place in visiting order, its position and the pixel under it. */
record PromptPoint(int order, double x, double y, int pixel) {
}
