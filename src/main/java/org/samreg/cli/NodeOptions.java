package org.samreg.cli;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.samreg.dicom.UidGenerator;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;
import org.samreg.pacs.SamSeriesRegistrar;
import org.samreg.pacs.SeriesRegistrar;
import picocli.CommandLine.Option;

/** The node configuration option of the DICOM network commands, and what they build from it. */
final class NodeOptions {
    private static final Pattern PEER = Pattern.compile("([^@]{1,16})@([^:]+):(\\d{1,5})");

    @Option(names = "--config", defaultValue = "samreg-node.json", paramLabel = "FILE",
            description = "node configuration: our AE, port, storage, peers, rules (default: ${DEFAULT-VALUE})")
    Path config;

    NodeConfig load() throws PacsException {
        return NodeConfig.load(config);
    }

    /** A peer by its name in the configuration, or given as AET@host:port. */
    static NodeConfig.Peer peer(NodeConfig node, String spec) throws PacsException {
        Matcher m = PEER.matcher(spec);
        if (m.matches()) {
            return node.peerByAeTitle(m.group(1)).filter(p -> p.host().equals(m.group(2))
                            && p.port() == Integer.parseInt(m.group(3)))
                    .orElse(new NodeConfig.Peer(m.group(1), m.group(1), m.group(2), Integer.parseInt(m.group(3)), true));
        }
        return node.peer(spec);
    }

    /** The model named by {@code --model}, else the configuration's, else the default. */
    static SettingsOptions.Opened openModel(NodeConfig node, SettingsOptions options) {
        if (options.model == null) {
            options.model = node.model();
        }
        return options.open();
    }

    static SeriesRegistrar registrar(NodeConfig node, SettingsOptions.Opened opened) {
        return new SamSeriesRegistrar(opened.registration(), new UidGenerator(node.uidRoot()));
    }
}
