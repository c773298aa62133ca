package org.samreg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;
import org.samreg.pacs.PullRegistration;
import org.samreg.pacs.SeriesQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pacs-register", mixinStandardHelpOptions = true,
        description = "Retrieves two series from a PACS (C-MOVE to our storage SCP, C-GET as fallback), registers "
                + "MOVING to FIXED and sends the two SEGs, the registration and the resampled series back with C-STORE.")
final class PacsRegisterCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Option(names = "--pacs", required = true, paramLabel = "PEER",
            description = "source: a peer name from the configuration, or AET@host:port (append /get to retrieve "
                    + "with C-GET)")
    String pacs;

    @Option(names = "--fixed", required = true, paramLabel = "SERIES",
            description = "fixed series: a Series Instance UID, or keys like study=UID,description=t1*,number=3 "
                    + "or patient=ID,description=TEXT (resolved with C-FIND)")
    String fixed;

    @Option(names = "--moving", required = true, paramLabel = "SERIES", description = "moving series, as --fixed")
    String moving;

    @Option(names = "--to", paramLabel = "PEER",
            description = "where to send the results (default: the configuration's pushTo, else the source)")
    String to;

    @Mixin
    SettingsOptions options;

    @Mixin
    AlignmentOption start;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws PacsException {
        NodeConfig config = node.load();
        NodeConfig.Peer source = NodeOptions.peer(config, pacs);
        NodeConfig.Peer destination = to != null ? NodeOptions.peer(config, to)
                : config.pushTo() != null ? config.peer(config.pushTo()) : source;
        SeriesQuery fixedQuery = SeriesQuery.parse(fixed);
        SeriesQuery movingQuery = SeriesQuery.parse(moving);
        try (SettingsOptions.Opened opened = NodeOptions.openModel(config, options)) {
            PullRegistration pull = new PullRegistration(config, NodeOptions.registrar(config, opened, start),
                    spec.commandLine().getErr()::println);
            PullRegistration.Outcome result = pull.run(source, destination, fixedQuery, movingQuery,
                    new ConsoleProgress(System.err));
            PrintWriter out = spec.commandLine().getOut();
            out.println("registered " + result.moving() + " to " + result.fixed());
            out.println("sent " + result.pushed().size() + " objects to " + destination + "; kept in "
                    + result.resultFolder());
        }
        return 0;
    }
}
