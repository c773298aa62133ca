package org.samreg.osgi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which series of a viewer layout the selected (moving) one can be registered to. A viewer may show one DICOM
 * series as several sub-series (Weasis splits a series by image type, orientation or acquisition), and the same
 * series in two views: the choice is by Series Instance UID, so each other DICOM series is offered once, and no
 * part of the moving series is offered.
 *
 * @param <S> the viewer's handle on a shown series
 */
public final class SeriesChoice<S> {
    /** A series shown in a view: the viewer's handle, its DICOM Series Instance UID and a label for a menu. */
    public record Shown<S>(S handle, String seriesInstanceUid, String label) {
    }

    private SeriesChoice() {
    }

    /** The series to offer as fixed, in layout order: the first view of each other Series Instance UID. */
    public static <S> List<Shown<S>> fixedCandidates(Shown<S> moving, List<Shown<S>> layout) {
        Set<String> seen = new HashSet<>(Set.of(moving.seriesInstanceUid()));
        List<Shown<S>> candidates = new ArrayList<>();
        for (Shown<S> shown : layout) {
            if (shown.seriesInstanceUid() != null && seen.add(shown.seriesInstanceUid())) {
                candidates.add(shown);
            }
        }
        return candidates;
    }
}
