package org.samreg.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.samreg.field.FieldJacobian;

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
        StringBuilder sb = new StringBuilder("pair,group,label,dice_none,dice_roi,dice_samreg,dice_elastix,"
                + "tre_none_mm,tre_roi_mm,tre_samreg_mm,tre_elastix_mm,fixed_rois,moving_rois,roi_pairs,encoder_s,"
                + "decoder_s,matching_s,field_s,dense_s,total_s,elastix_s,jacobian_min,folded_pct,"
                + "elastix_jacobian_min,elastix_folded_pct\n");
        for (PairScore s : rows) {
            PairScore.Run r = s.run();
            var t = r.timings();
            sb.append(String.format(Locale.ROOT,
                    "%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,"
                            + "%.4f,%.4f,%.4f,%.4f%n",
                    s.pairId(), s.group(), s.label(), s.none().dice(), s.roi().dice(), s.registered().dice(),
                    s.elastix().dice(), s.none().treMm(), s.roi().treMm(), s.registered().treMm(),
                    s.elastix().treMm(), r.fixedRois(), r.movingRois(), r.roiPairs(), t.encoder(), t.decoder(),
                    t.matching(), t.field(), t.dense(), t.total(), r.elastixSeconds(), r.jacobian().minimum(),
                    100 * r.jacobian().foldedFraction(), jacobianMin(r.elastixJacobian()),
                    foldedPercent(r.elastixJacobian())));
        }
        return sb.toString();
    }

    public String printable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%-26s %-9s | %-27s | %-31s | %-13s | %8s %8s | %9s%n", "", "", "Dice", "TRE (mm; retina: px)",
                "ROIs", "seconds", "", "folded %"));
        sb.append(String.format(Locale.ROOT, "%-26s %-9s | %6s %6s %6s %6s | %7s %7s %7s %7s | %13s | %8s %8s | %4s %4s%n",
                "pair", "label", "none", "roi", "ours", "elx", "none", "roi", "ours", "elx", "f/m/pairs", "ours",
                "elastix", "ours", "elx"));
        for (PairScore s : rows) {
            PairScore.Run r = s.run();
            sb.append(String.format(Locale.ROOT,
                    "%-26s %-9s | %6.3f %6.3f %6.3f %6.3f | %7.2f %7.2f %7.2f %7.2f | %13s | %8.1f %8.1f | %4.2f %4.2f%n",
                    s.pairId(), s.label(), s.none().dice(), s.roi().dice(), s.registered().dice(), s.elastix().dice(),
                    s.none().treMm(), s.roi().treMm(), s.registered().treMm(), s.elastix().treMm(),
                    r.fixedRois() + "/" + r.movingRois() + "/" + r.roiPairs(), r.timings().total(),
                    r.elastixSeconds(), 100 * r.jacobian().foldedFraction(), foldedPercent(r.elastixJacobian())));
        }
        return sb.toString();
    }

    /** Per group: mean Dice and TRE of no registration, the ROI method, ours and elastix; mean seconds per pair. */
    public String groupSummary() {
        Map<String, List<PairScore>> groups = new LinkedHashMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%-16s %5s | %6s %6s %6s %6s | %7s %7s %7s %7s | %8s %8s%n", "group", "rows", "Dice", "roi", "ours",
                "elx", "TRE", "roi", "ours", "elx", "s ours", "s elx"));
        groups.forEach((g, list) -> sb.append(String.format(Locale.ROOT,
                "%-16s %5d | %6.3f %6.3f %6.3f %6.3f | %7.2f %7.2f %7.2f %7.2f | %8.1f %8.1f%n", g, list.size(),
                mean(list, s -> s.none().dice()), mean(list, s -> s.roi().dice()),
                mean(list, s -> s.registered().dice()), mean(list, s -> s.elastix().dice()),
                mean(list, s -> s.none().treMm()), mean(list, s -> s.roi().treMm()),
                mean(list, s -> s.registered().treMm()), mean(list, s -> s.elastix().treMm()),
                perPair(list, s -> s.run().timings().total()), perPair(list, s -> s.run().elastixSeconds()))));
        return sb.toString();
    }

    /** Mean over the rows where the value is defined (NaN where none is). */
    static double mean(List<PairScore> list, ToDoubleFunction<PairScore> value) {
        return list.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** Mean over pairs (each pair once, whatever its number of labels). */
    private static double perPair(List<PairScore> list, ToDoubleFunction<PairScore> value) {
        Map<String, Double> byPair = new LinkedHashMap<>();
        list.forEach(s -> byPair.putIfAbsent(s.pairId(), value.applyAsDouble(s)));
        return byPair.values().stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).average()
                .orElse(Double.NaN);
    }

    private static double jacobianMin(FieldJacobian j) {
        return j == null ? Double.NaN : j.minimum();
    }

    private static double foldedPercent(FieldJacobian j) {
        return j == null ? Double.NaN : 100 * j.foldedFraction();
    }
}
