package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed series offered for a moving one: by Series Instance UID, not by the viewer's sub-series. */
class SeriesChoiceTest {
    private static SeriesChoice.Shown<String> view(String handle, String uid) {
        return new SeriesChoice.Shown<>(handle, uid, "label of " + handle);
    }

    @Test
    void offersEachOtherSeriesOnceAndNoPartOfTheMovingOne() {
        SeriesChoice.Shown<String> moving = view("view1", "1.2.3.1");
        List<SeriesChoice.Shown<String>> layout = List.of(moving,
                view("view2", "1.2.3.1"),   // another sub-series of the moving series
                view("view3", "1.2.3.2"),
                view("view4", "1.2.3.2"),   // the same fixed series in a second view
                view("view5", null),        // a view showing no DICOM series
                view("view6", "1.2.3.3"));
        assertEquals(List.of("view3", "view6"), SeriesChoice.fixedCandidates(moving, layout).stream()
                .map(SeriesChoice.Shown::handle).toList());
    }

    @Test
    void offersNothingWhenTheLayoutShowsOnlyTheMovingSeries() {
        SeriesChoice.Shown<String> moving = view("view1", "1.2.3.1");
        assertEquals(List.of(), SeriesChoice.fixedCandidates(moving, List.of(moving, view("view2", "1.2.3.1"))));
    }
}
