package org.samreg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.samreg.bench.Benchmark;
import org.samreg.bench.BenchmarkPair;
import org.samreg.bench.BenchmarkTable;
import org.samreg.bench.ElastixBaseline;
import org.samreg.bench.SummaryPicture;
import org.samreg.image.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Registers every pair of a benchmark manifest and scores Dice and TRE against no registration.")
final class BenchCommand implements Callable<Integer> {
    static final String SUMMARY = "summary.png";

    @Option(names = "--manifest", required = true, description = "benchmark manifest (e.g. ../shared/data/pairs.json)")
    Path manifest;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--only", description = "register only the pairs whose id matches this regular expression")
    Pattern only;

    @Option(names = "--baseline", description = "also run this registration on every pair and score it the same way: "
            + "elastix (Debian's, affine then B-spline, Mattes MI, 3 levels; parameter files in each pair's "
            + "elastix/ folder)")
    String baseline;

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        List<BenchmarkPair> pairs = new ArrayList<>(BenchmarkPair.readManifest(manifest));
        if (only != null) {
            pairs.removeIf(p -> !only.matcher(p.id()).matches());
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pair of " + manifest + " matches " + only);
        }
        BenchmarkTable table = new BenchmarkTable();
        List<String> failures = new ArrayList<>();
        Files.createDirectories(out);
        Path csv = out.resolve("benchmark.csv");
        try (SettingsOptions.Opened opened = options.open()) {
            Benchmark bench = new Benchmark(opened.registration(), ElastixBaseline.named(baseline),
                    new ConsoleProgress(System.err));
            for (int n = 0; n < pairs.size(); n++) {
                BenchmarkPair p = pairs.get(n);
                System.err.printf(Locale.ROOT, "[%d/%d] %s%n", n + 1, pairs.size(), p.id());
                long start = System.nanoTime();
                try {
                    table.addAll(bench.run(p, out));
                    System.err.printf(Locale.ROOT, "[%d/%d] %s done in %.1f s%n", n + 1, pairs.size(), p.id(),
                            (System.nanoTime() - start) / 1e9);
                } catch (Exception e) {
                    failures.add(p.id() + ": " + e);
                    System.err.println("[" + (n + 1) + "/" + pairs.size() + "] " + p.id() + " FAILED: " + e);
                }
                // after every pair, so that an interrupted run of hours keeps the pairs it finished
                AtomicFiles.writeString(csv, table.csv());
                if (!table.rows().isEmpty()) {
                    SummaryPicture.write(out.resolve(SUMMARY), table.rows());
                }
            }
        }
        System.out.println(table.printable());
        System.out.println(table.groupSummary());
        System.out.println("wrote " + csv + " and " + out.resolve(SUMMARY));
        failures.forEach(f -> System.out.println("FAILED " + f));
        return failures.isEmpty() ? 0 : 1;
    }
}
