package org.samreg.pacs;

/** A series as a C-FIND at series level describes it. */
public record SeriesInfo(String patientId, String studyUid, String studyDate, String seriesUid, String modality,
                         String description, String number, String seriesDate, String seriesTime) {

    /** Date and time as one sortable string; a missing series date falls back to the study date. */
    public String when() {
        return sortable(seriesDate.isEmpty() ? studyDate : seriesDate, seriesTime);
    }

    /** DA + TM as yyyyMMddHHmmss, to compare acquisition times of series as strings. */
    static String sortable(String date, String time) {
        String hms = time.strip().replaceAll("\\..*", "").replace(":", "");
        return date.strip() + (hms + "000000").substring(0, 6);
    }

    @Override
    public String toString() {
        return "series " + number + " '" + description + "' (" + modality + ", " + seriesUid + ")";
    }
}
