package org.samreg.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Volume;

/** Named ground-truth labels on one grid, used only for scoring a registration. */
public record LabelSet(Geometry geometry, Map<String, Mask> labels) {

    /** Integer label values in one image; every non-zero value is a label named by its value. */
    public static LabelSet fromValues(Volume labels) {
        float[] d = labels.data();
        TreeSet<Integer> values = new TreeSet<>();
        for (float v : d) {
            if (Math.round(v) != 0) {
                values.add(Math.round(v));
            }
        }
        Map<String, Mask> out = new LinkedHashMap<>();
        for (int value : values) {
            boolean[] dense = new boolean[d.length];
            for (int i = 0; i < d.length; i++) {
                dense[i] = Math.round(d[i]) == value;
            }
            out.put(Integer.toString(value), Mask.fromDense(labels.geometry(), dense));
        }
        return new LabelSet(labels.geometry(), out);
    }

    /** One binary image per label (channels of a 4D file), named by channel index. */
    public static LabelSet fromChannels(List<Volume> channels) {
        Map<String, Mask> out = new LinkedHashMap<>();
        for (int c = 0; c < channels.size(); c++) {
            float[] d = channels.get(c).data();
            boolean[] dense = new boolean[d.length];
            for (int i = 0; i < d.length; i++) {
                dense[i] = d[i] >= 0.5f;
            }
            out.put(Integer.toString(c), Mask.fromDense(channels.get(c).geometry(), dense));
        }
        return new LabelSet(channels.get(0).geometry(), out);
    }

    /** Per label: Dice and centroid distance (mm) against another label set on the same grid. */
    public Map<String, double[]> diceAndCentroidTre(LabelSet other) {
        Map<String, double[]> out = new LinkedHashMap<>();
        labels.forEach((name, mask) -> {
            Mask o = other.labels.getOrDefault(name, new Mask(geometry, new int[0]));
            out.put(name, new double[] {Overlap.dice(mask, o), Overlap.centroidDistanceMm(mask, o)});
        });
        return out;
    }
}
