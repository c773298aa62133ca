package org.samreg.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.samreg.field.DisplacementField;
import org.samreg.field.InitialAlignment;
import org.samreg.image.NiftiIO;
import org.samreg.image.VectorImage;
import org.samreg.image.Volume;

/**
 * The baseline every user already has: Debian's elastix (affine, then cubic B-spline, Mattes mutual information,
 * 3 resolutions; the parameter files ship with the project and are copied next to each result), run on the same
 * images, its field read back with {@code transformix -def all} so that it is scored exactly as ours.
 */
public final class ElastixBaseline {
    static final String AFFINE = "elastix-affine.txt", BSPLINE = "elastix-bspline.txt";
    private static final long TIMEOUT_MINUTES = 60;

    /** @param field fixed grid -> moving, mm (LPS); {@code seconds} of elastix and transformix together */
    public record Run(DisplacementField field, double seconds) {
    }

    /**
     * The baseline a command line option names: null for none, this for "elastix" when elastix is installed;
     * anything else is refused with a message saying what to do.
     */
    public static ElastixBaseline named(String name) {
        if (name == null) {
            return null;
        }
        if (!name.equalsIgnoreCase("elastix")) {
            throw new IllegalArgumentException("--baseline knows only 'elastix', got '" + name + "'");
        }
        if (!available()) {
            throw new IllegalArgumentException("--baseline elastix needs elastix and transformix on the PATH "
                    + "(Debian: apt-get install elastix; src/scripts/setup.sh installs it)");
        }
        return new ElastixBaseline();
    }

    /** True when elastix and transformix are on the PATH. */
    public static boolean available() {
        return onPath("elastix") && onPath("transformix");
    }

    /**
     * Registers {@code moving} to {@code fixed} (greyscale) in {@code dir}; {@link InitialAlignment#CENTRES} turns
     * on elastix's geometric-centre initialisation, as our own start does.
     */
    public Run register(Volume fixed, Volume moving, InitialAlignment alignment, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("fixed.nii"), m = dir.resolve("moving.nii");
        NiftiIO.writeScalar(f, fixed.greyscale());
        NiftiIO.writeScalar(m, moving.greyscale());
        Path affine = copyParameters(AFFINE, dir, alignment == InitialAlignment.CENTRES);
        Path bspline = copyParameters(BSPLINE, dir, false);
        long start = System.nanoTime();
        run(dir.resolve("elastix.log"), "elastix", "-f", f.toString(), "-m", m.toString(), "-p", affine.toString(),
                "-p", bspline.toString(), "-out", dir.toString());
        run(dir.resolve("transformix.log"), "transformix", "-def", "all", "-tp",
                dir.resolve("TransformParameters.1.txt").toString(), "-out", dir.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        VectorImage field = NiftiIO.readItkField(dir.resolve("deformationField.nii"));
        return new Run(new DisplacementField(field.grid(), field.vectors()), seconds);
    }

    private static Path copyParameters(String name, Path dir, boolean centreInitialisation) throws IOException {
        try (InputStream in = ElastixBaseline.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("elastix parameter file " + name + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (centreInitialisation) {
                text = text.replace("(AutomaticTransformInitialization \"false\")",
                        "(AutomaticTransformInitialization \"true\")\n"
                                + "(AutomaticTransformInitializationMethod \"GeometricalCenter\")");
            }
            Path out = dir.resolve(name);
            Files.writeString(out, text);
            return out;
        }
    }

    private static void run(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within " + TIMEOUT_MINUTES + " minutes; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command[0] + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
            throw new IOException(command[0] + " failed with exit code " + p.exitValue() + " (" + log + "):\n" + tail);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
