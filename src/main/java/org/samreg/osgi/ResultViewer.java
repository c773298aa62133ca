package org.samreg.osgi;

import java.nio.file.Path;
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
 * Opens registration results in Weasis with its own {@code dicom:get -l <folder>} command (Weasis 4.3+ draws the
 * SEG objects natively), through the Gogo {@link CommandProcessor}; does nothing where there is no such command,
 * e.g. on a headless node.
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

    /** @return whether the folder was handed to {@code dicom:get} */
    public boolean open(Path folder) {
        CommandProcessor processor = commandProcessor;
        if (processor == null || !dicomGetAvailable()) {
            return false;
        }
        // Gogo treats backslashes as escapes; forward slashes work on every platform
        String command = "dicom:get -l \"" + folder.toAbsolutePath().toString().replace('\\', '/') + "\"";
        try (CommandSession session = processor.createSession(System.in, System.out, System.err)) {
            session.execute(command);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot open the results with " + command, e);
            return false;
        }
    }

    private boolean dicomGetAvailable() {
        try {
            return context.getServiceReferences((String) null, DICOM_GET_FILTER) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
