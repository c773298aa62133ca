package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.cli.SamRegCommand;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.RunRecord;
import org.samreg.sam.ModelManifest;
import picocli.CommandLine;

/**
 * The command line, the benchmark and the OSGi service, left at their defaults, register a pair with the same
 * resolved settings, model and start, and the command line and the service find the same ROI pairs: no path has
 * defaults of its own.
 */
class SettingsAgreementTest {

    @Test
    void commandLineAndServiceResolveTheSameSettingsAndPairs(@TempDir Path tmp) throws Exception {
        Path pair = SharedData.require("data/pairs/2d/cardiac_2d");
        Prerequisites.require(ModelManifest.loadDefault().filesPresent(), "SAM model files absent");
        Path fixed = pair.resolve("image1.png"), moving = pair.resolve("image2.png");

        StringWriter err = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        Path cliOut = tmp.resolve("cli");
        assertEquals(0, cl.execute("register", "--fixed", fixed.toString(), "--moving", moving.toString(), "--out",
                cliOut.toString()), err.toString());

        SamRegService service = new SamRegService();
        service.start(SamRegServiceTest.config(Map.of("outputFolder", tmp.toString())), null);
        Path osgiOut = tmp.resolve("osgi");
        try {
            service.submit(fixed.toString(), moving.toString(), osgiOut).result().get(5, TimeUnit.MINUTES);
        } finally {
            service.deactivate();
        }

        Path benchOut = tmp.resolve("bench");
        assertEquals(0, cl.execute("bench", "--manifest", SharedData.require("data/pairs.json").toString(), "--only",
                "cardiac-2d", "--out", benchOut.toString()), err.toString());

        JsonObject cliRun = run(cliOut), osgiRun = run(osgiOut), benchRun = run(benchOut.resolve("cardiac-2d"));
        for (String part : new String[] {"settings", "model", "initialAlignment", "version"}) {
            assertEquals(cliRun.get(part), osgiRun.get(part), "OSGi: " + part);
            assertEquals(cliRun.get(part), benchRun.get(part), "bench: " + part);
        }
        assertEquals(Files.readString(cliOut.resolve(ResultWriter.PAIRS)),
                Files.readString(osgiOut.resolve(ResultWriter.PAIRS)), "the same ROI pairs");
    }

    private static JsonObject run(Path folder) throws Exception {
        return JsonParser.parseString(Files.readString(folder.resolve(RunRecord.FILE))).getAsJsonObject();
    }
}
