package org.samreg.everything;

/**
 * Work done by one everything-mode run, for benchmarks and logs: decoder calls (including the few thrown away because
 * a mask of the same batch covered their prompt) and wall-clock seconds of the encoder and of all decoding.
 */
public record EverythingStats(int promptsTotal, int promptsDecoded, double encoderSeconds, double decoderSeconds) {
}
