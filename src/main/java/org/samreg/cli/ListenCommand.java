package org.samreg.cli;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.samreg.pacs.JobRunner;
import org.samreg.pacs.Listener;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "listen", mixinStandardHelpOptions = true,
        description = "Runs a storage SCP; each complete series that matches a configured rule is registered to the "
                + "patient's most recent prior series with the same description (found with C-FIND, fetched with "
                + "C-MOVE), and the results are sent back. Jobs are kept in the storage folder and survive restarts.")
final class ListenCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Mixin
    SettingsOptions options;

    @Mixin
    AlignmentOption start;

    @Override
    public Integer call() throws PacsException, InterruptedException {
        NodeConfig config = node.load();
        Consumer<String> log = m -> System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + m);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (SettingsOptions.Opened opened = NodeOptions.openModel(config, options);
             Listener listener = Listener.start(config, log);
             JobRunner jobs = new JobRunner(config, listener, NodeOptions.registrar(config, opened, start), log)) {
            log.accept("listening as " + config.aeTitle() + " on port " + listener.port() + ", storage "
                    + config.storage() + ", " + config.rules().size() + " rule(s)");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    // let the listener and the job runner close before the JVM goes (not the main thread's end:
                    // it may be blocked in System.exit, which waits for this hook)
                    closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            stopped.await();
            log.accept("stopping");
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
