package org.samreg.cli;

import org.samreg.field.InitialAlignment;
import picocli.CommandLine.Option;

/** {@code --initial-alignment}, for every command that registers a pair it is given or receives. */
final class AlignmentOption {
    @Option(names = "--initial-alignment", defaultValue = "HEADER",
            description = "where registering starts: HEADER (positions as the headers give them, for images that share "
                    + "a frame of reference) or CENTRES (image centres aligned, for images from two devices or two "
                    + "patients; default: ${DEFAULT-VALUE})")
    InitialAlignment alignment;
}
