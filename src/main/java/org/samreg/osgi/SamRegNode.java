package org.samreg.osgi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.samreg.pacs.Job;
import org.samreg.pacs.JobRunner;
import org.samreg.pacs.Listener;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;
import org.samreg.pacs.SeriesRegistrar;

/**
 * The {@code listen} node as a component: it starts with its configuration (PID {@value SamRegNodeConfig#PID}) and
 * stops when the configuration is deleted or the bundle stops; a changed configuration restarts it. Jobs survive
 * restarts in the storage folder. Registrations run as jobs of the {@link RegistrationService}, with its model and
 * settings, so {@code samreg:jobs} shows them and {@code samreg:cancel} cancels one (its node job then fails).
 */
@Component(service = RegistrationNode.class, configurationPid = SamRegNodeConfig.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SamRegNodeConfig.class)
public final class SamRegNode implements RegistrationNode {
    private static final Logger LOG = Logger.getLogger(SamRegNode.class.getName());
    /** The node file's fields that belong to the registration service's configuration here. */
    private static final Set<String> SERVICE_FIELDS = Set.of("model", "uidRoot");
    private static final List<String> LISTS = List.of("peers", "rules", "allowedCallingAeTitles");

    @Reference
    private RegistrationService service;

    private Listener listener;
    private JobRunner runner;

    @Activate
    void activate(Map<String, Object> properties) throws PacsException {
        NodeConfig config = config(properties);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the listener's and job runner's threads inherit the bundle's class loader (see SamRegService)
        thread.setContextClassLoader(SamRegNode.class.getClassLoader());
        try {
            listener = Listener.start(config, LOG::info);
            try {
                runner = new JobRunner(config, listener, this::register, LOG::info);
            } catch (PacsException | RuntimeException e) {
                listener.close();
                throw e;
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("SAMReg node listening as " + config.aeTitle() + " on port " + listener.port() + ", storage "
                + config.storage() + ", " + config.rules().size() + " rule(s)");
    }

    @Deactivate
    void deactivate() {
        runner.close();
        listener.close();
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public List<String> jobs() {
        try {
            return listener.queue().all().stream().map(SamRegNode::line).toList();
        } catch (IOException e) {
            return List.of("cannot read the job queue: " + e.getMessage());
        }
    }

    private static String line(Job j) {
        return j.key() + " " + j.stage() + (j.lastError() == null ? "" : " (" + j.lastError() + ")");
    }

    /** {@link SeriesRegistrar} through the service: waits for its job. */
    private List<Path> register(Path fixed, Path moving, Path outDir, org.samreg.image.Progress progress)
            throws IOException {
        RegistrationJob job = service.submit(fixed.toString(), moving.toString(), outDir);
        try {
            return job.result().get().files();
        } catch (ExecutionException e) {
            throw new IOException("registration job #" + job.id() + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while registration job #" + job.id() + " ran", e);
        }
    }

    /** The configuration's properties as the node file's JSON, checked by the same parser. */
    static NodeConfig config(Map<String, Object> properties) throws PacsException {
        JsonObject o = new JsonObject();
        for (String field : SERVICE_FIELDS) {
            if (properties.containsKey(field)) {
                throw new PacsException("configuration " + SamRegNodeConfig.PID + ": field '" + field + "' is set in "
                        + "the registration service's configuration " + SamRegConfig.PID + ", not here");
            }
        }
        for (java.lang.reflect.Method m : SamRegNodeConfig.class.getDeclaredMethods()) {
            Object value = properties.get(m.getName());
            if (value != null) {
                o.add(m.getName(), LISTS.contains(m.getName()) ? list(m.getName(), value) : primitive(value));
            }
        }
        return NodeConfig.of(o, "configuration " + SamRegNodeConfig.PID, Path.of("."));
    }

    private static JsonPrimitive primitive(Object value) {
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    /** A list property (array, collection or one value): peers as written, rules as JSON objects, AE titles. */
    private static JsonArray list(String field, Object value) throws PacsException {
        List<String> entries = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                entries.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> entries.add(String.valueOf(v)));
        } else {
            entries.add(String.valueOf(value));
        }
        if (field.equals("peers")) {
            return NodeConfig.Peer.jsonArray(entries);
        }
        JsonArray out = new JsonArray();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                out.add(field.equals("rules") ? rule(entry) : new JsonPrimitive(entry));
            }
        }
        return out;
    }

    private static JsonElement rule(String entry) throws PacsException {
        try {
            JsonElement rule = JsonParser.parseString(entry);
            if (rule.isJsonObject()) {
                return rule;
            }
        } catch (JsonParseException e) {
            // reported below
        }
        throw new PacsException("configuration " + SamRegNodeConfig.PID + ": rule '" + entry + "' is not a JSON "
                + "object such as {\"name\": \"t1\", \"descriptionRegex\": \"t1_.*\", \"queryPeer\": \"pacs\"}");
    }
}
