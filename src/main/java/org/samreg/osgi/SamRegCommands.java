package org.samreg.osgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands {@code samreg:register|status|jobs|cancel|pacs|echo}; they need no Weasis classes. Inside Weasis,
 * a registration's results are then opened with Weasis's {@code dicom:get} (see {@link ResultViewer}).
 */
@Component(service = SamRegCommands.class, property = {
        "osgi.command.scope=samreg",
        "osgi.command.function=register", "osgi.command.function=status", "osgi.command.function=jobs",
        "osgi.command.function=cancel", "osgi.command.function=pacs", "osgi.command.function=echo"})
public final class SamRegCommands {
    @Reference
    private RegistrationService service;

    @Reference
    private ResultViewer viewer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RegistrationNode node;

    /** Registers MOVING to FIXED into a new job folder under the configured output folder. */
    public String register(String fixed, String moving) throws InterruptedException {
        return register(fixed, moving, null);
    }

    /** Registers MOVING to FIXED into OUTPUT; waits, printing progress, and opens the results in Weasis. */
    public String register(String fixed, String moving, String output) throws InterruptedException {
        RegistrationJob job = service.submit(fixed, moving, output == null ? null : Path.of(output));
        System.out.println("job #" + job.id() + " -> " + job.outputFolder());
        try {
            JobResult r = awaitPrintingProgress(job);
            viewer.open(r);
            return summary(r);
        } catch (InterruptedException e) {
            job.cancel(); // Ctrl-C in the shell
            throw e;
        } catch (CancellationException e) {
            return "job #" + job.id() + " cancelled";
        } catch (ExecutionException e) {
            return "job #" + job.id() + " failed: " + e.getCause().getMessage();
        }
    }

    public String status() {
        StringBuilder sb = new StringBuilder();
        sb.append("model: ").append(service.modelManifest())
                .append(service.modelLoaded() ? " (loaded)" : " (not loaded; opens with the first job)").append('\n');
        List<RegistrationJob> active = service.jobs().stream()
                .filter(j -> j.state() == RegistrationJob.State.QUEUED || j.state() == RegistrationJob.State.RUNNING)
                .toList();
        sb.append("jobs: ").append(active.size()).append(" active, ").append(service.jobs().size()).append(" total");
        active.forEach(j -> sb.append('\n').append("  ").append(j));
        return sb.toString();
    }

    /** The service's jobs and, while the PACS node runs, the node's (whose registrations are service jobs). */
    public String jobs() {
        List<RegistrationJob> all = service.jobs();
        String jobs = all.isEmpty() ? "no jobs"
                : all.stream().map(j -> j + " -> " + j.outputFolder()).collect(Collectors.joining("\n"));
        RegistrationNode pacsNode = node;
        if (pacsNode == null) {
            return jobs;
        }
        List<String> nodeJobs = pacsNode.jobs();
        return jobs + "\nPACS node on port " + pacsNode.port() + ": " + (nodeJobs.isEmpty() ? "no jobs"
                : nodeJobs.size() + " job(s)\n  " + String.join("\n  ", nodeJobs));
    }

    public String cancel(int id) {
        return service.job(id).map(j -> {
            j.cancel();
            return "cancelling job #" + id;
        }).orElse("no job #" + id);
    }

    /** The configured PACS peers. */
    public String pacs() {
        List<String> peers = service.pacsPeers();
        return peers.isEmpty() ? "no PACS peers configured (pacsPeers in configuration " + SamRegConfig.PID + ")"
                : String.join("\n", peers);
    }

    /** C-ECHO to the configured peer NAME. */
    public String echo(String name) {
        return service.echo(name);
    }

    private static JobResult awaitPrintingProgress(RegistrationJob job) throws InterruptedException, ExecutionException {
        String last = "";
        while (true) {
            try {
                return job.result().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                String stage = job.step().stage();
                if (!stage.equals(last)) {
                    System.out.println("  " + job.step());
                    last = stage;
                }
            }
        }
    }

    static String summary(JobResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "ROIs: %d fixed, %d moving; %d pairs; pair Dice %.3f -> %.3f; %.1f s%n",
                r.fixedRois(), r.movingRois(), r.pairs(), r.meanDiceBefore(), r.meanDiceAfter(), r.seconds()));
        r.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        if (r.sentTo() != null) {
            sb.append("sent ").append(r.files().size()).append(" objects to ").append(r.sentTo()).append('\n');
        }
        r.files().forEach(f -> sb.append("wrote ").append(f).append('\n'));
        return sb.toString().stripTrailing();
    }
}
