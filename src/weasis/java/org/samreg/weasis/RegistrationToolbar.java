package org.samreg.weasis;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import javax.swing.JButton;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPopupMenu;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import org.samreg.osgi.RegistrationJob;
import org.samreg.osgi.RegistrationService;
import org.samreg.osgi.ResultViewer;
import org.weasis.core.api.media.data.MediaSeries;
import org.weasis.core.ui.editor.image.ImageViewerPlugin;
import org.weasis.core.ui.editor.image.ViewCanvas;
import org.weasis.core.ui.util.WtoolBar;
import org.weasis.dicom.codec.DicomImageElement;
import org.weasis.dicom.viewer2d.EventManager;

/**
 * One button: registers the series of the selected view (moving) to the series of another view of the layout
 * (fixed, chosen from a menu), then loads the SEG pair, the registration and the resampled series into Weasis.
 */
final class RegistrationToolbar extends WtoolBar {
    private static final int POSITION = 450;
    private static final String IDLE_TIP = "SAMReg: register the selected series to another series of this layout";

    private final RegistrationService service;
    private final ResultViewer viewer;
    private final JButton button = new JButton("SAMReg");

    RegistrationToolbar(RegistrationService service, ResultViewer viewer) {
        super("SAMReg", POSITION);
        this.service = service;
        this.viewer = viewer;
        button.setToolTipText(IDLE_TIP);
        button.addActionListener(e -> chooseFixedSeries());
        add(button);
    }

    private void chooseFixedSeries() {
        EventManager events = EventManager.getInstance();
        ViewCanvas<DicomImageElement> selected = events.getSelectedViewPane();
        ImageViewerPlugin<DicomImageElement> container = events.getSelectedView2dContainer();
        MediaSeries<DicomImageElement> moving = selected == null ? null : selected.getSeries();
        if (moving == null || container == null) {
            JOptionPane.showMessageDialog(button, "Select the view of the series to register (moving) first.");
            return;
        }
        JPopupMenu menu = new JPopupMenu("Register " + moving + " to");
        for (ViewCanvas<DicomImageElement> view : container.getImagePanels()) {
            MediaSeries<DicomImageElement> fixed = view.getSeries();
            if (fixed != null && fixed != moving) {
                JMenuItem item = new JMenuItem("to " + fixed.getSeriesNumber() + " " + fixed);
                item.addActionListener(e -> register(fixed, moving));
                menu.add(item);
            }
        }
        if (menu.getComponentCount() == 0) {
            JOptionPane.showMessageDialog(button, "Show the fixed series in another view of this layout first.");
            return;
        }
        menu.show(button, 0, button.getHeight());
    }

    private void register(MediaSeries<DicomImageElement> fixed, MediaSeries<DicomImageElement> moving) {
        RegistrationJob job;
        Path fixedFiles, movingFiles;
        try {
            fixedFiles = exportFiles(fixed);
            movingFiles = exportFiles(moving);
            job = service.submit(fixedFiles.toString(), movingFiles.toString(), null);
        } catch (IOException e) {
            JOptionPane.showMessageDialog(button, "Cannot export the series: " + e.getMessage());
            return;
        }
        button.setEnabled(false);
        Timer progress = new Timer(500, e -> button.setToolTipText("SAMReg " + job.step()));
        progress.start();
        job.result().whenComplete((result, failure) -> {
            deleteQuietly(fixedFiles);
            deleteQuietly(movingFiles);
            if (failure == null) {
                viewer.open(result.outputFolder());
            }
            SwingUtilities.invokeLater(() -> {
                progress.stop();
                button.setEnabled(true);
                button.setToolTipText(IDLE_TIP);
                if (failure != null) {
                    JOptionPane.showMessageDialog(button, outcome(job, failure));
                }
            });
        });
    }

    private static String outcome(RegistrationJob job, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof CancellationException ? "SAMReg job #" + job.id() + " was cancelled"
                : "SAMReg job #" + job.id() + " failed: " + cause.getMessage();
    }

    /**
     * Writes the series' DICOM files into a new temporary folder: Weasis may hold them downloaded, in a cache or in
     * memory. Frames of one multi-frame file share its URI and are written once.
     */
    private static Path exportFiles(MediaSeries<DicomImageElement> series) throws IOException {
        Path dir = Files.createTempDirectory("samreg-series-");
        Set<URI> written = new HashSet<>();
        List<DicomImageElement> medias = series.copyOfMedias(null, null);
        for (DicomImageElement media : medias) {
            if (written.add(media.getMediaURI())
                    && !media.saveToFile(new File(dir.toFile(), written.size() + ".dcm"))) {
                throw new IOException("cannot write " + media.getMediaURI() + " of series " + series);
            }
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
