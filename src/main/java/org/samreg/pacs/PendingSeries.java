package org.samreg.pacs;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.samreg.image.AtomicFiles;

/**
 * Series the listener has started receiving but not yet judged complete, one small JSON file each under
 * {@code <storage>/pending/}, so that a series arriving while the listener stops still triggers after the restart.
 */
final class PendingSeries {
    private static final Gson GSON = new Gson();
    private final Path folder;
    private final Quarantine damaged;

    PendingSeries(Path storage) throws IOException {
        this.folder = storage.toAbsolutePath().normalize().resolve("pending");
        Files.createDirectories(folder);
        this.damaged = new Quarantine(folder.resolve("damaged"));
    }

    /** Notes the series of this instance unless it is already noted. */
    void remember(ReceivedInstance i) throws IOException {
        Path file = file(i.seriesUid());
        if (Files.exists(file)) {
            return;
        }
        AtomicFiles.writeString(file, GSON.toJson(Map.of("callingAeTitle", i.callingAeTitle(), "patientId", i.patientId(),
                "studyUid", i.studyUid(), "seriesUid", i.seriesUid(), "modality", i.modality(),
                "seriesDescription", i.seriesDescription(), "seriesDateTime", i.seriesDateTime())));
    }

    void forget(String seriesUid) throws IOException {
        Files.deleteIfExists(file(seriesUid));
    }

    /** The first instance of every noted series, as far as the note tells it (no file). */
    List<ReceivedInstance> all() throws IOException {
        List<ReceivedInstance> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Map<String, String> m;
                try {
                    m = GSON.fromJson(Files.readString(f), new TypeToken<Map<String, String>>() { }.getType());
                } catch (JsonParseException e) {
                    damaged.take(f, "pending series note", e.getMessage());
                    continue;
                }
                if (m == null || m.get("seriesUid") == null || m.get("studyUid") == null) {
                    damaged.take(f, "pending series note", "empty or incomplete note");
                    continue;
                }
                all.add(new ReceivedInstance(m.get("callingAeTitle"), m.get("patientId"), m.get("studyUid"),
                        m.get("seriesUid"), "", m.get("modality"), m.get("seriesDescription"),
                        m.get("seriesDateTime"), null));
            }
        }
        return all;
    }

    private Path file(String seriesUid) {
        return folder.resolve(SafeNames.of(seriesUid) + ".json");
    }
}
