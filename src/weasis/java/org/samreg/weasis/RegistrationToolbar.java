package org.samreg.weasis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPopupMenu;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import org.samreg.osgi.RegistrationJob;
import org.samreg.osgi.RegistrationService;
import org.samreg.osgi.ResultViewer;
import org.samreg.osgi.SeriesChoice;
import org.samreg.osgi.SeriesExport;
import org.weasis.core.api.media.data.MediaSeries;
import org.weasis.core.api.media.data.MediaSeriesGroup;
import org.weasis.core.api.media.data.TagW;
import org.weasis.core.ui.editor.image.ImageViewerPlugin;
import org.weasis.core.ui.editor.image.ViewCanvas;
import org.weasis.core.ui.util.WtoolBar;
import org.weasis.dicom.codec.DicomImageElement;
import org.weasis.dicom.codec.TagD;
import org.weasis.dicom.explorer.DicomModel;
import org.weasis.dicom.viewer2d.EventManager;

/**
 * One button: registers the whole DICOM series of the selected view (moving) to another series of the layout
 * (fixed, chosen from a menu), showing the job's progress beside it and turning into "Cancel" while it runs, then
 * has Weasis load what it draws (see {@link ResultViewer}). The choice, the export and the load request are
 * {@link SeriesChoice}, {@link SeriesExport} and {@link ResultViewer}; this class only reads Weasis's model.
 */
final class RegistrationToolbar extends WtoolBar {
    private static final int POSITION = 450;
    /** (0020,000E) Series Instance UID: a Weasis series node is a sub-series, this names the DICOM series. */
    private static final int SERIES_INSTANCE_UID = 0x0020000E;
    private static final String IDLE_TEXT = "SAMReg";
    private static final String IDLE_TIP = "SAMReg: register the selected series to another series of this layout";
    private static final long LOADING_POLL_MS = 500;

    private final RegistrationService service;
    private final ResultViewer viewer;
    private final JButton button = new JButton(IDLE_TEXT);
    private final JLabel progress = new JLabel();
    /** The job this toolbar started and that has not ended; touched on the Swing thread only. */
    private RegistrationJob running;

    RegistrationToolbar(RegistrationService service, ResultViewer viewer) {
        super("SAMReg", POSITION);
        this.service = service;
        this.viewer = viewer;
        button.setToolTipText(IDLE_TIP);
        button.addActionListener(e -> {
            if (running != null) {
                running.cancel();
            } else {
                chooseFixedSeries();
            }
        });
        add(button);
        add(progress);
    }

    private void chooseFixedSeries() {
        EventManager events = EventManager.getInstance();
        ViewCanvas<DicomImageElement> selected = events.getSelectedViewPane();
        ImageViewerPlugin<DicomImageElement> container = events.getSelectedView2dContainer();
        if (selected == null || container == null || shown(selected.getSeries()) == null) {
            JOptionPane.showMessageDialog(button, "Select the view of the series to register (moving) first.");
            return;
        }
        SeriesChoice.Shown<MediaSeries<DicomImageElement>> moving = shown(selected.getSeries());
        List<SeriesChoice.Shown<MediaSeries<DicomImageElement>>> layout = new ArrayList<>();
        for (ViewCanvas<DicomImageElement> view : container.getImagePanels()) {
            SeriesChoice.Shown<MediaSeries<DicomImageElement>> shown = shown(view.getSeries());
            if (shown != null) {
                layout.add(shown);
            }
        }
        List<SeriesChoice.Shown<MediaSeries<DicomImageElement>>> candidates =
                SeriesChoice.fixedCandidates(moving, layout);
        if (candidates.isEmpty()) {
            JOptionPane.showMessageDialog(button, "Show the fixed series in another view of this layout first.");
            return;
        }
        JPopupMenu menu = new JPopupMenu();
        for (SeriesChoice.Shown<MediaSeries<DicomImageElement>> fixed : candidates) {
            JMenuItem item = new JMenuItem("Register " + moving.label() + " to " + fixed.label());
            item.addActionListener(e -> register(fixed, moving));
            menu.add(item);
        }
        menu.show(button, 0, button.getHeight());
    }

    private static SeriesChoice.Shown<MediaSeries<DicomImageElement>> shown(MediaSeries<DicomImageElement> series) {
        Object uid = series == null ? null : TagD.getTagValue(series, SERIES_INSTANCE_UID);
        return uid == null ? null
                : new SeriesChoice.Shown<>(series, uid.toString(), series.getSeriesNumber() + " " + series);
    }

    private void register(SeriesChoice.Shown<MediaSeries<DicomImageElement>> fixed,
                          SeriesChoice.Shown<MediaSeries<DicomImageElement>> moving) {
        button.setEnabled(false);
        progress.setText("waiting for the series to load");
        Thread export = new Thread(() -> {
            try {
                Path fixedFiles = exportWhenLoaded(fixed);
                Path movingFiles = exportWhenLoaded(moving);
                RegistrationJob job = service.submit(fixedFiles.toString(), movingFiles.toString(), null);
                job.result().whenComplete((result, failure) -> {
                    deleteQuietly(fixedFiles);
                    deleteQuietly(movingFiles);
                    if (failure == null) {
                        viewer.open(result);
                    }
                });
                SwingUtilities.invokeLater(() -> follow(job));
            } catch (IOException | InterruptedException e) {
                SwingUtilities.invokeLater(() -> {
                    idle();
                    JOptionPane.showMessageDialog(button, "Cannot export the series: " + e.getMessage());
                });
            }
        }, "samreg-export");
        export.setDaemon(true);
        export.start();
    }

    /** Shows the job's progress until it ends; the button cancels it meanwhile. */
    private void follow(RegistrationJob job) {
        running = job;
        button.setText("Cancel");
        button.setToolTipText("Cancel SAMReg job #" + job.id());
        button.setEnabled(true);
        Timer timer = new Timer(500, e -> progress.setText("#" + job.id() + " " + job.step()));
        timer.start();
        job.result().whenComplete((result, failure) -> SwingUtilities.invokeLater(() -> {
            timer.stop();
            idle();
            if (failure != null) {
                JOptionPane.showMessageDialog(button, outcome(job, failure));
            } else {
                progress.setText("#" + job.id() + " done: " + result.pairs() + " ROI pairs, Dice "
                        + String.format("%.2f -> %.2f", result.meanDiceBefore(), result.meanDiceAfter()));
            }
        }));
    }

    private void idle() {
        running = null;
        button.setText(IDLE_TEXT);
        button.setToolTipText(IDLE_TIP);
        button.setEnabled(true);
        progress.setText("");
    }

    private static String outcome(RegistrationJob job, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof CancellationException ? "SAMReg job #" + job.id() + " was cancelled"
                : "SAMReg job #" + job.id() + " failed: " + cause.getMessage();
    }

    /**
     * Waits until Weasis has loaded every sub-series of the DICOM series, then writes all their files: a view
     * shows one sub-series, the job needs the whole series.
     */
    private static Path exportWhenLoaded(SeriesChoice.Shown<MediaSeries<DicomImageElement>> shown)
            throws IOException, InterruptedException {
        List<MediaSeries<DicomImageElement>> parts = subSeries(shown);
        while (parts.stream().anyMatch(s -> Boolean.TRUE.equals(s.getTagValue(TagW.SeriesLoading)))) {
            Thread.sleep(LOADING_POLL_MS);
        }
        List<SeriesExport.Instance> images = new ArrayList<>();
        for (MediaSeries<DicomImageElement> part : parts) {
            for (DicomImageElement image : part.copyOfMedias(null, null)) {
                images.add(new SeriesExport.Instance() {
                    @Override
                    public String fileKey() {
                        return String.valueOf(image.getMediaURI());
                    }

                    @Override
                    public boolean writeTo(Path target) {
                        return image.saveToFile(target.toFile());
                    }
                });
            }
        }
        return SeriesExport.export(images, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The sub-series of the shown series' study that carry its Series Instance UID (the shown one at least). */
    @SuppressWarnings("unchecked")
    private static List<MediaSeries<DicomImageElement>> subSeries(
            SeriesChoice.Shown<MediaSeries<DicomImageElement>> shown) {
        List<MediaSeries<DicomImageElement>> parts = new ArrayList<>();
        if (shown.handle().getTagValue(TagW.ExplorerModel) instanceof DicomModel model) {
            MediaSeriesGroup study = model.getParent(shown.handle(), DicomModel.study);
            for (MediaSeriesGroup node : study == null ? List.<MediaSeriesGroup>of() : model.getChildren(study)) {
                Object uid = TagD.getTagValue(node, SERIES_INSTANCE_UID);
                if (node instanceof MediaSeries<?> series && shown.seriesInstanceUid().equals(String.valueOf(uid))) {
                    parts.add((MediaSeries<DicomImageElement>) series);
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(shown.handle());
        }
        return parts;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
