package org.samreg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code samreg}: training-free registration of medical images with Segment-Anything ROI matching. */
@Command(name = "samreg", mixinStandardHelpOptions = true, version = "samreg 0.1.0",
        description = "Registers medical images with SAMReg: segment everything with a SAM model, match ROIs, "
                + "fit a dense displacement field.",
        subcommands = {RegisterCommand.class, BenchCommand.class, DemoCommand.class, SpeedCommand.class,
                PacsRegisterCommand.class, ListenCommand.class, EchoCommand.class})
public final class SamRegCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Errors a user can act on print as one line, without a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new SamRegCommand()).setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("samreg: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
    }
}
