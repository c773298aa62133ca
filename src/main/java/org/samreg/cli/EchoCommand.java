package org.samreg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsClient;
import org.samreg.pacs.PacsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Checks the configured peers with C-ECHO (exit code 1 if one does not answer).")
final class EchoCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Spec
    CommandSpec spec;

    @Option(names = "--peer", paramLabel = "NAME", description = "only this peer (default: every configured peer)")
    String peer;

    @Override
    public Integer call() throws PacsException {
        NodeConfig config = node.load();
        List<NodeConfig.Peer> peers = peer != null ? List.of(config.peer(peer)) : config.peers();
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (NodeConfig.Peer p : peers) {
            long start = System.nanoTime();
            try {
                new PacsClient(p, config.aeTitle()).echo();
                out.printf("%s: ok (%d ms)%n", p, (System.nanoTime() - start) / 1_000_000);
            } catch (PacsException e) {
                out.println(p + ": FAILED: " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
