package org.samreg.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.samreg.bench.ElastixBaseline;
import org.samreg.demo.DemoPair;
import org.samreg.field.DisplacementField;
import org.samreg.field.InitialAlignment;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.metrics.LabelSet;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.ResultWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Registers the built-in sample (a Colin27 MRI slice, or with --volume the whole 1 mm brain, "
                + "and a copy bent by a known smooth deformation, from Debian's mricron-data) and prints how well the "
                + "known deformation is recovered, and in how many seconds.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "demo-out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--volume", description = "the whole brain (1 mm isotropic, 154x188x154 voxels, deformed "
            + "along every axis) instead of one axial slice: the thin-slice case of the speed benchmark")
    boolean volume;

    @Option(names = "--baseline", description = "also register the pair with elastix (as bench --baseline elastix) "
            + "and print its accuracy and seconds beside ours; its files go to OUT/elastix")
    String baseline;

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        ElastixBaseline elastix = ElastixBaseline.named(baseline);
        DemoPair demo = volume ? DemoPair.loadVolume() : DemoPair.load();
        try (SettingsOptions.Opened opened = options.open()) {
            long start = System.nanoTime();
            RegistrationResult r = opened.registration()
                    .register(demo.fixed(), demo.moving(), InitialAlignment.HEADER, new ConsoleProgress(System.err));
            double seconds = (System.nanoTime() - start) / 1e9;
            ResultWriter.write(out, demo.fixed(), demo.moving(), r);
            System.out.println(RegisterCommand.summary(r));
            System.out.println(accuracy(demo, r.field().field(), "SAMReg", seconds));
            if (elastix != null) {
                ElastixBaseline.Run e = elastix.register(demo.fixed(), demo.moving(), InitialAlignment.HEADER,
                        out.resolve("elastix"));
                System.out.println(accuracy(demo, e.field(), "elastix", e.seconds()));
            }
            System.out.println("outputs in " + out.toAbsolutePath() + " (look at " + ResultWriter.OVERVIEW + ")");
        }
        return 0;
    }

    /**
     * Field error against the known deformation inside the brain, and atlas-label Dice, before and after the
     * registration {@code name}, which took {@code seconds}.
     */
    static String accuracy(DemoPair demo, DisplacementField estimate, String name, double seconds) {
        Geometry g = demo.fixed().geometry();
        double[] before = demo.errorsInsideBrainMm(DisplacementField.zero(g));
        double[] after = demo.errorsInsideBrainMm(estimate);
        int n = before.length;
        LabelSet atlas = LabelSet.fromValues(demo.fixedLabels());
        double diceBefore = meanDice(atlas, LabelSet.fromValues(Warper.warpLabels(demo.movingLabels(),
                DisplacementField.zero(g))));
        double diceAfter = meanDice(atlas, LabelSet.fromValues(Warper.warpLabels(demo.movingLabels(), estimate, g)));
        return String.format(Locale.ROOT,
                "known deformation, error inside the brain (%d voxels): no registration mean %.2f mm (95th pct %.2f), "
                        + "%s mean %.2f mm, median %.2f, 95th pct %.2f%n"
                        + "mean Dice of %d atlas labels: no registration %.3f, %s %.3f; %s took %.1f s",
                n, mean(before), percentile(before, 95), name, mean(after), percentile(after, 50),
                percentile(after, 95), atlas.labels().size(), diceBefore, name, diceAfter, name, seconds);
    }

    private static double meanDice(LabelSet truth, LabelSet warped) {
        return truth.diceAndCentroidTre(warped).values().stream().mapToDouble(v -> v[0]).average().orElse(Double.NaN);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double percentile(double[] v, double pct) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.floor(pct / 100 * s.length))];
    }
}
