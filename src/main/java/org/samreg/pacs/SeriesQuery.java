package org.samreg.pacs;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which series to retrieve, as the user gives it: a Series Instance UID ({@code 1.2.3}), or keys
 * {@code study=UID}, {@code patient=ID}, {@code description=TEXT} (C-FIND wildcards * and ? allowed),
 * {@code number=N}, separated by commas ({@code patient=crlab,description=t1*,number=3}).
 */
public record SeriesQuery(Map<AttributeTag, String> keys, String text) {
    private static final Map<String, AttributeTag> KEYS = Map.of(
            "series", TagFromName.SeriesInstanceUID,
            "study", TagFromName.StudyInstanceUID,
            "patient", TagFromName.PatientID,
            "description", TagFromName.SeriesDescription,
            "number", TagFromName.SeriesNumber);

    public static SeriesQuery parse(String text) throws PacsException {
        Map<AttributeTag, String> keys = new LinkedHashMap<>();
        if (!text.contains("=")) {
            keys.put(TagFromName.SeriesInstanceUID, text.strip());
        } else {
            for (String part : text.split(",")) {
                String[] kv = part.split("=", 2);
                AttributeTag tag = KEYS.get(kv[0].strip());
                if (kv.length != 2 || tag == null || kv[1].isBlank()) {
                    throw new PacsException("series query '" + text + "': '" + part + "' is not KEY=VALUE with KEY one of "
                            + KEYS.keySet());
                }
                keys.put(tag, kv[1].strip());
            }
            if (!keys.containsKey(TagFromName.SeriesInstanceUID) && !keys.containsKey(TagFromName.StudyInstanceUID)
                    && !keys.containsKey(TagFromName.PatientID)) {
                throw new PacsException("series query '" + text + "' needs series=, study= or patient=");
            }
        }
        return new SeriesQuery(Map.copyOf(keys), text);
    }

    /** The one series the query names on this peer, or an error telling how many matched. */
    public SeriesInfo resolve(PacsClient client) throws PacsException {
        List<SeriesInfo> found = client.findSeries(keys);
        if (found.isEmpty()) {
            throw new PacsException("no series matches '" + text + "' on " + client.peer());
        }
        if (found.size() > 1) {
            throw new PacsException(found.size() + " series match '" + text + "' on " + client.peer()
                    + "; narrow it down (e.g. add number=N): " + found);
        }
        return found.get(0);
    }
}
