package org.samreg.sam;

/** Work done by one everything-mode run, for benchmarks and logs. */
public record EverythingStats(int promptsTotal, int promptsDecoded, double encoderSeconds, double decoderSeconds) {
}
