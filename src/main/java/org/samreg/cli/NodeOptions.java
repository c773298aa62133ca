package org.samreg.cli;

import java.nio.file.Path;
import org.samreg.dicom.UidGenerator;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;
import org.samreg.pacs.SamSeriesRegistrar;
import org.samreg.pacs.SeriesRegistrar;
import picocli.CommandLine.Option;

/** The node configuration option of the DICOM network commands, and what they build from it. */
final class NodeOptions {

    @Option(names = "--config", defaultValue = "samreg-node.json", paramLabel = "FILE",
            description = "node configuration: our AE, port, storage, peers, rules (default: ${DEFAULT-VALUE})")
    Path config;

    NodeConfig load() throws PacsException {
        return NodeConfig.load(config);
    }

    /** A peer by its name in the configuration, or written [NAME=]AET@host:port[/get] (see NodeConfig.Peer#parse). */
    static NodeConfig.Peer peer(NodeConfig node, String spec) throws PacsException {
        if (!spec.contains("@")) {
            return node.peer(spec);
        }
        NodeConfig.Peer given = NodeConfig.Peer.parse(spec);
        return node.peerByAeTitle(given.aeTitle())
                .filter(p -> p.host().equals(given.host()) && p.port() == given.port()).orElse(given);
    }

    /** The model named by {@code --model}, else the configuration's, else the default. */
    static SettingsOptions.Opened openModel(NodeConfig node, SettingsOptions options) {
        if (options.model == null) {
            options.model = node.model();
        }
        return options.open();
    }

    static SeriesRegistrar registrar(NodeConfig node, SettingsOptions.Opened opened, AlignmentOption start) {
        return new SamSeriesRegistrar(opened.registration(), new UidGenerator(node.uidRoot()), start.alignment);
    }
}
