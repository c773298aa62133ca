package org.samreg.cli;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.samreg.SamRegVersion;
import org.samreg.dicom.DicomInputException;
import org.samreg.pacs.PacsException;
import org.samreg.sam.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** {@code samreg}: training-free registration of medical images with Segment-Anything ROI matching. */
@Command(name = "samreg", mixinStandardHelpOptions = true, versionProvider = SamRegCommand.Version.class,
        description = "Registers medical images with SAMReg: segment everything with a SAM model, match ROIs, "
                + "fit a dense displacement field.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error (a bug: please report it with the output of --debug)",
            "2:invalid command line", "3:a file or input the command cannot use (missing, unreadable or unwritable "
                + "file, bad image or DICOM, invalid setting)", "4:model missing or unusable", "5:network or PACS failure"},
        subcommands = {RegisterCommand.class, BenchCommand.class, DemoCommand.class, SpeedCommand.class,
                PacsRegisterCommand.class, ListenCommand.class, EchoCommand.class})
public final class SamRegCommand {
    static final int INTERNAL_ERROR = 1, BAD_INPUT = 3, MODEL_ERROR = 4, NETWORK_ERROR = 5;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print the stack trace of an error")
    boolean debug;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Errors print as one line with an exit code that says whose they are (see the exit code list); an internal
     * error says so, and {@code --debug} adds the stack trace.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new SamRegCommand()).setExecutionExceptionHandler((e, cl, parsed) -> {
            int code = exitCode(e);
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            cl.getErr().println("samreg: " + (code == INTERNAL_ERROR ? "internal error: " + e
                    + (debugAsked(parsed) ? "" : " (--debug prints the stack trace)") : message));
            if (debugAsked(parsed)) {
                e.printStackTrace(cl.getErr());
            }
            return code;
        });
    }

    static int exitCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelException) {
                return MODEL_ERROR;
            }
            if (t instanceof PacsException || t instanceof SocketException || t instanceof SocketTimeoutException) {
                return NETWORK_ERROR;
            }
            // files that cannot be read or written, images and DICOM the command cannot use, invalid settings
            if (t instanceof IllegalArgumentException || t instanceof IOException || t instanceof DicomInputException) {
                return BAD_INPUT;
            }
        }
        return INTERNAL_ERROR;
    }

    private static boolean debugAsked(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** {@code --version}: the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"samreg " + SamRegVersion.VERSION};
        }
    }
}
