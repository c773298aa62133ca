package org.samreg.everything;

/**
 * One point prompt of everything mode: its place in visiting order, its position, the pixel under it and the area
 * of the image region it stands for (0 for a grid prompt).
 */
record PromptPoint(int order, double x, double y, int pixel, int regionArea) {
}
