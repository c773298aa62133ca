package org.samreg.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The benchmark's scores as CSV, as a printed table, and summarised per dataset group. */
public final class BenchmarkTable {
    private final List<PairScore> rows = new ArrayList<>();

    public void addAll(List<PairScore> scores) {
        rows.addAll(scores);
    }

    public List<PairScore> rows() {
        return List.copyOf(rows);
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("pair,group,label,dice_none,dice_samreg,tre_none_mm,tre_samreg_mm,"
                + "fixed_rois,moving_rois,roi_pairs,encoder_s,decoder_s,matching_s,field_s\n");
        for (PairScore s : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.4f,%.3f,%.3f,%d,%d,%d,%.2f,%.2f,%.2f,%.2f%n",
                    s.pairId(), s.group(), s.label(), s.diceBefore(), s.diceAfter(), s.treBeforeMm(), s.treAfterMm(),
                    s.fixedRois(), s.movingRois(), s.roiPairs(), s.encoderSeconds(), s.decoderSeconds(),
                    s.matchingSeconds(), s.fieldSeconds()));
        }
        return sb.toString();
    }

    public String printable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%-28s %-10s %9s %9s %10s %10s %13s %8s %8s %7s %7s%n", "pair", "label", "Dice none", "Dice reg",
                "TRE none", "TRE reg", "ROIs f/m/pairs", "enc s", "dec s", "match s", "field s"));
        for (PairScore s : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %-10s %9.3f %9.3f %10.2f %10.2f %13s %8.1f %8.1f %7.2f %7.1f%n",
                    s.pairId(), s.label(), s.diceBefore(), s.diceAfter(), s.treBeforeMm(), s.treAfterMm(),
                    s.fixedRois() + "/" + s.movingRois() + "/" + s.roiPairs(), s.encoderSeconds(),
                    s.decoderSeconds(), s.matchingSeconds(), s.fieldSeconds()));
        }
        return sb.toString();
    }

    /** Per group: mean Dice and mean TRE (mm) without and with registration, over every scored row. */
    public String groupSummary() {
        Map<String, List<PairScore>> groups = new LinkedHashMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %5s %10s %10s %10s %10s%n",
                "group", "rows", "Dice none", "Dice reg", "TRE none", "TRE reg"));
        groups.forEach((g, list) -> sb.append(String.format(Locale.ROOT, "%-16s %5d %10.3f %10.3f %10.2f %10.2f%n",
                g, list.size(), mean(list, PairScore::diceBefore), mean(list, PairScore::diceAfter),
                mean(list, PairScore::treBeforeMm), mean(list, PairScore::treAfterMm))));
        return sb.toString();
    }

    /** Mean over the rows where the value is defined (NaN where none is). */
    static double mean(List<PairScore> list, ToDoubleFunction<PairScore> value) {
        return list.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
