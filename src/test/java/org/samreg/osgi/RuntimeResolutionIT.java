package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.samreg.image.Prerequisites;

/**
 * The built bundles resolve where they will run: Felix started by {@link ResolutionProbe} in a child JVM whose
 * modules are limited to those of Weasis's jlinked runtime (and in an unlimited one, as a plain Felix node runs),
 * with SCR, Configuration Admin, Metatype and the Gogo runtime. The registration bundle must be active with every
 * DS component active; the toolbar bundle must lack nothing but the org.weasis packages that Weasis exports.
 */
class RuntimeResolutionIT {
    /** Weasis 4.6's runtime modules, from its jlink configuration (../shared/weasis-api/README.md). */
    private static final String WEASIS_4_6_MODULES = "java.base,java.compiler,java.datatransfer,java.net.http,"
            + "java.desktop,java.logging,java.management,java.prefs,java.xml,jdk.localedata,jdk.charsets,"
            + "jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jdwp.agent,java.sql";
    private static final String WEASIS_4_7_MODULES = WEASIS_4_6_MODULES + ",jdk.management";
    private static final String REGISTRATION_BUNDLE = "org.samreg.weasis";
    private static final String TOOLBAR_BUNDLE = "org.samreg.weasis.toolbar";
    /** ComponentConfigurationDTO.ACTIVE */
    private static final String COMPONENT_ACTIVE = "8";
    /**
     * The components and their states: all active, but the PACS node, which waits for its configuration (it is
     * started with one in {@link FelixBundleIT}).
     */
    private static final Map<String, String> REGISTRATION_COMPONENTS = Map.of("org.samreg.osgi.ResultViewer",
            COMPONENT_ACTIVE, "org.samreg.osgi.SamRegCommands", COMPONENT_ACTIVE, "org.samreg.osgi.SamRegNode", "0",
            "org.samreg.osgi.SamRegService", COMPONENT_ACTIVE);

    static Stream<Arguments> runtimes() {
        return Stream.of(Arguments.of("Weasis 4.6 runtime", WEASIS_4_6_MODULES),
                Arguments.of("Weasis 4.7 runtime", WEASIS_4_7_MODULES),
                Arguments.of("plain Felix on the full JDK", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void everyBundleResolvesAndItsComponentsAreActive(String runtime, String modules, @TempDir Path tmp)
            throws Exception {
        Path registrationJar = Path.of(System.getProperty("samreg.bundle"));
        assertTrue(Files.isRegularFile(registrationJar), "the bundle jar must be built first: " + registrationJar);
        Path toolbarJar = Path.of(System.getProperty("samreg.toolbarBundle"));
        List<String> jars = new ArrayList<>();
        for (File jar : Path.of(System.getProperty("samreg.felixBundles")).toFile().listFiles()) {
            jars.add(jar.toString());
        }
        jars.add(registrationJar.toString());
        if (Files.isRegularFile(toolbarJar)) {
            jars.add(toolbarJar.toString());
        }

        Probe probe = Probe.run(modules, tmp.resolve("felix-cache"), jars);
        if (!modules.isEmpty()) {
            assertFalse(probe.bootModules.contains("java.naming"), "the child JVM has Weasis's modules only");
        }
        probe.states.forEach((bundle, state) -> {
            if (!bundle.equals(TOOLBAR_BUNDLE)) {
                assertEquals(String.valueOf(Bundle.ACTIVE), state, runtime + ": bundle " + bundle + " state");
                assertEquals(List.of(), probe.missing(bundle), runtime + ": " + bundle + " imports without exporter");
            }
        });
        assertEquals(REGISTRATION_COMPONENTS, probe.components(REGISTRATION_BUNDLE), runtime + ": components");

        Prerequisites.require(Files.isRegularFile(toolbarJar), "the toolbar bundle " + toolbarJar
                + " is built only where the Weasis API stubs (../shared/weasis-api) are");
        List<String> toolbarMissing = probe.missing(TOOLBAR_BUNDLE);
        assertFalse(toolbarMissing.isEmpty(), "without Weasis the toolbar cannot resolve");
        for (String requirement : toolbarMissing) {
            assertTrue(requirement.contains("(osgi.wiring.package=org.weasis."),
                    runtime + ": the toolbar needs " + requirement + ", which Weasis does not export");
        }
    }

    /** What {@link ResolutionProbe} printed. */
    private record Probe(List<String> bootModules, Map<String, String> states, List<String> lines) {
        static Probe run(String modules, Path storage, List<String> jars) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String classPath = codeSource(Class.forName("org.apache.felix.framework.FrameworkFactory"))
                    + File.pathSeparator + codeSource(ResolutionProbe.class);
            List<String> command = new ArrayList<>(List.of(java.toString()));
            if (!modules.isEmpty()) {
                command.addAll(List.of("--limit-modules", modules));
            }
            command.addAll(List.of("-cp", classPath, ResolutionProbe.class.getName(), storage.toString()));
            command.addAll(jars);
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!child.waitFor(120, TimeUnit.SECONDS)) {
                    throw new AssertionError("the probe did not end within 120 s");
                }
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                System.out.println(String.join(" ", command.subList(0, command.indexOf("-cp"))) + ":\n" + output);
                assertEquals(0, child.exitValue(), "probe exit status");
                List<String> lines = output.lines().toList();
                Map<String, String> states = new TreeMap<>();
                lines.stream().filter(l -> l.startsWith("BUNDLE ")).map(l -> l.split(" "))
                        .forEach(f -> states.put(f[1], f[2]));
                List<String> boot = lines.stream().filter(l -> l.startsWith("MODULES ")).findFirst()
                        .map(l -> Arrays.asList(l.substring(8).split(","))).orElseThrow();
                return new Probe(boot, states, lines);
            } finally {
                child.destroyForcibly();
            }
        }

        List<String> missing(String bundle) {
            return lines.stream().filter(l -> l.startsWith("MISSING " + bundle + " "))
                    .map(l -> l.substring(("MISSING " + bundle + " ").length())).toList();
        }

        /** component name to state, sorted by name */
        Map<String, String> components(String bundle) {
            Map<String, String> components = new TreeMap<>();
            lines.stream().filter(l -> l.startsWith("COMPONENT " + bundle + " ")).map(l -> l.split(" "))
                    .forEach(f -> components.put(f[2], f[3]));
            return components;
        }

        private static String codeSource(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
