package org.samreg.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.samreg.field.InitialAlignment;
import org.samreg.pipeline.SamRegistration;

/**
 * One entry of a benchmark manifest ({@code pairs.json}): fixed and moving images, and either ground-truth
 * labels (integer {@code values} or one binary {@code channels} per label) or landmark pairs. Paths are resolved
 * against the manifest's folder. A pair whose {@code modality} names two modalities ({@code "MR->US"}) or whose
 * {@code kind} says inter-subject comes from two devices or two patients, so its images' coordinates are unrelated
 * and it is registered from {@link InitialAlignment#CENTRES}; every other pair from {@link InitialAlignment#HEADER}.
 * A pair whose {@code modality} names a fundus photograph is segmented with local contrast
 * ({@link SamRegistration#forFundusPhotographs}), as a user would register fundus photographs; a pair of two
 * patients in one modality gets the dense stage's affine stage ({@link SamRegistration#forInterSubject}), a pair
 * of two modalities its stronger regulariser ({@link SamRegistration#forTwoModalities}).
 */
public record BenchmarkPair(String id, String group, Path fixed, Path moving, Path fixedLabels, Path movingLabels,
                            String labelEncoding, Path landmarks, InitialAlignment alignment,
                            boolean fundusPhotograph, boolean interSubjectOneModality, boolean twoModalities) {

    public boolean hasLabels() {
        return fixedLabels != null;
    }

    public static List<BenchmarkPair> readManifest(Path manifest) throws IOException {
        Path base = manifest.toAbsolutePath().getParent();
        JsonObject root;
        try (Reader r = Files.newBufferedReader(manifest)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(manifest + " is not a valid benchmark manifest: " + e.getMessage(), e);
        }
        if (!root.has("pairs")) {
            throw new IOException(manifest + " has no 'pairs' array");
        }
        List<BenchmarkPair> pairs = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("pairs")) {
            JsonObject p = e.getAsJsonObject();
            String id = required(p, "id", manifest);
            pairs.add(new BenchmarkPair(id, groupOf(id), base.resolve(required(p, "fixed", manifest)),
                    base.resolve(required(p, "moving", manifest)), optionalPath(p, "fixedLabels", base),
                    optionalPath(p, "movingLabels", base),
                    p.has("labelEncoding") ? p.get("labelEncoding").getAsString() : "values",
                    optionalPath(p, "landmarks", base), alignmentOf(p), isFundusPhotograph(p),
                    isInterSubjectOneModality(p), hasTwoModalities(p)));
        }
        return pairs;
    }

    /** Dataset group: the id without its case suffix (acdc-067-ed-es -> acdc, prostate-mr-us-case000001 -> prostate-mr-us). */
    static String groupOf(String id) {
        return id.replaceAll("-(case\\d+|\\d+-.*|[A-Z]\\d+)$", "");
    }

    static InitialAlignment alignmentOf(JsonObject p) {
        boolean twoModalities = hasTwoModalities(p);
        boolean twoPatients = p.has("kind") && p.get("kind").getAsString().contains("inter-subject");
        return twoModalities || twoPatients ? InitialAlignment.CENTRES : InitialAlignment.HEADER;
    }

    static boolean isInterSubjectOneModality(JsonObject p) {
        return !hasTwoModalities(p) && p.has("kind") && p.get("kind").getAsString().contains("inter-subject");
    }

    private static boolean hasTwoModalities(JsonObject p) {
        return p.has("modality") && p.get("modality").getAsString().contains("->");
    }

    static boolean isFundusPhotograph(JsonObject p) {
        return p.has("modality") && p.get("modality").getAsString().toLowerCase(Locale.ROOT).contains("fundus");
    }

    private static String required(JsonObject p, String key, Path manifest) throws IOException {
        if (!p.has(key)) {
            throw new IOException(manifest + ": a pair lacks '" + key + "': " + p);
        }
        return p.get(key).getAsString();
    }

    private static Path optionalPath(JsonObject p, String key, Path base) {
        return p.has(key) ? base.resolve(p.get(key).getAsString()) : null;
    }
}
