package org.samreg.osgi;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Opens registration results in Weasis with its own {@code dicom:get} command, through the Gogo
 * {@link CommandProcessor}: the files of {@link JobResult#viewerFiles()} only, the ones Weasis draws (4.3+ draws SEG
 * objects natively, on the series they reference). Does nothing where there is no such command, e.g. on a headless
 * node, or when the result has nothing a viewer draws (image inputs).
 */
@Component(service = ResultViewer.class)
public final class ResultViewer {
    static final String DICOM_GET_FILTER = "(&(osgi.command.scope=dicom)(osgi.command.function=get))";
    private static final Logger LOG = Logger.getLogger(ResultViewer.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CommandProcessor commandProcessor;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** @return whether the result's viewer files were handed to {@code dicom:get} */
    public boolean open(JobResult result) {
        CommandProcessor processor = commandProcessor;
        if (processor == null || result.viewerFiles().isEmpty() || !dicomGetAvailable()) {
            return false;
        }
        String command = dicomGetCommand(result.viewerFiles());
        try (CommandSession session = processor.createSession(System.in, System.out, System.err)) {
            session.execute(command);
            LOG.info(() -> "SAMReg results opened: " + command);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot open the results with " + command, e);
            return false;
        }
    }

    /** {@code dicom:get -l "a" -l "b" ...}: one local file per {@code -l}, in the given order. */
    static String dicomGetCommand(List<Path> files) {
        StringBuilder command = new StringBuilder("dicom:get");
        for (Path file : files) {
            // Gogo treats backslashes as escapes; forward slashes work on every platform
            command.append(" -l \"").append(file.toAbsolutePath().toString().replace('\\', '/')).append('"');
        }
        return command.toString();
    }

    private boolean dicomGetAvailable() {
        try {
            return context.getServiceReferences((String) null, DICOM_GET_FILTER) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
