package org.samreg.pacs;

import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.StorageSOPClassSCP;
import com.pixelmed.network.UnencapsulatedExplicitStoreFindMoveGetPresentationContextSelectionPolicy;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Our storage SCP (C-STORE and C-ECHO). Refuses associations from calling AE titles not in the allowed list, to
 * another called AE title, or beyond {@code maxAssociations} at once; aborts an association that sends an object
 * larger than {@code maxObjectBytes} ({@link ObjectSizeGuard}); files every accepted instance with {@link InstanceStore} and only then tells the
 * consumer, so that whatever the consumer starts finds the instance on disk.
 */
public final class StorageScp implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StorageScp.class.getName());
    private static final int MAX_PDU = 16384;
    private static final int SOCKET_BUFFER = 65536;
    /** A peer that vanished without closing its connection must not hold an association slot for ever. */
    private static final int IDLE_TIMEOUT_MS = 300_000;

    private final String aeTitle;
    private final Set<String> allowedCallers;
    private final long maxObjectBytes;
    private final InstanceStore store;
    private final InstanceReception reception;
    private final Semaphore slots;
    private final ServerSocket server;
    /**
     * Bounded: a connection's thread reads its association request (for at most the request timeout), serves the
     * association if it got a slot, and lingers up to 5 s after an A-RELEASE (PixelMed's ARTIM wait) without one.
     * A connection that finds every thread busy is closed at once.
     */
    private final ThreadPoolExecutor associations;
    private final int requestTimeoutMs;
    private final Thread acceptor;

    public StorageScp(String aeTitle, String bindAddress, int port, Set<String> allowedCallers, int maxAssociations,
                      long maxObjectBytes, double requestTimeoutSeconds, InstanceStore store,
                      Consumer<ReceivedInstance> consumer) throws PacsException {
        this.aeTitle = aeTitle;
        this.allowedCallers = Set.copyOf(allowedCallers);
        this.maxObjectBytes = maxObjectBytes;
        this.store = store;
        this.reception = new InstanceReception(store, maxObjectBytes, consumer);
        this.slots = new Semaphore(maxAssociations);
        this.requestTimeoutMs = (int) Math.ceil(requestTimeoutSeconds * 1000);
        this.associations = new ThreadPoolExecutor(0, 4 * maxAssociations + 4, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("samreg-scp-association"));
        try {
            server = new ServerSocket(port, 50, InetAddress.getByName(bindAddress));
        } catch (IOException e) {
            throw new PacsException("cannot listen on " + bindAddress + ":" + port + " for " + aeTitle + ": "
                    + e.getMessage(), e);
        }
        acceptor = daemon("samreg-scp-" + aeTitle).newThread(this::acceptLoop);
        acceptor.start();
    }

    public static StorageScp start(NodeConfig config, InstanceStore store, Consumer<ReceivedInstance> consumer)
            throws PacsException {
        return new StorageScp(config.aeTitle(), config.bindAddress(), config.port(),
                Set.copyOf(config.allowedCallingAeTitles()), config.maxAssociations(), config.maxObjectBytes(),
                config.associationRequestSeconds(), store, consumer);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                try {
                    associations.execute(() -> serve(socket));
                } catch (RejectedExecutionException e) {
                    if (associations.isShutdown()) {
                        socket.close();
                        return;
                    }
                    LOG.warning(() -> "every association thread is busy: closed the connection from "
                            + socket.getRemoteSocketAddress());
                    socket.close();
                }
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
            }
        }
    }

    /**
     * A slot is taken only once the association request is read and its AE titles are ours to serve, and given
     * back as soon as the peer releases or aborts the association: it counts live associations, nothing else.
     */
    private void serve(Socket socket) {
        AtomicBoolean slot = new AtomicBoolean();
        Runnable releaseSlot = () -> {
            if (slot.compareAndSet(true, false)) {
                slots.release();
            }
        };
        try (socket) {
            socket.setSoTimeout(requestTimeoutMs);
            AssociationRequest rq = AssociationRequest.read(new DataInputStream(socket.getInputStream()));
            AssociationRequest.Rejection rejection = !allowedCallers.contains(rq.callingAeTitle())
                    ? AssociationRequest.Rejection.CALLING_AE_NOT_RECOGNIZED
                    : !aeTitle.equals(rq.calledAeTitle()) ? AssociationRequest.Rejection.CALLED_AE_NOT_RECOGNIZED
                    : null;
            if (rejection == null && slots.tryAcquire()) {
                slot.set(true);
            } else if (rejection == null) {
                rejection = AssociationRequest.Rejection.LOCAL_LIMIT_EXCEEDED;
            }
            if (rejection != null) {
                AssociationRequest.Rejection why = rejection;
                LOG.warning(() -> "refused association from " + rq.callingAeTitle() + " to " + rq.calledAeTitle()
                        + " at " + socket.getRemoteSocketAddress() + ": " + why);
                AssociationRequest.reject(socket.getOutputStream(), rejection);
                return;
            }
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            Path receiving = store.newReceivingFolder();
            try {
                new StorageSOPClassSCP(new PeekedSocket(socket, rq.rawHeader(), maxObjectBytes, MAX_PDU, releaseSlot),
                        aeTitle, MAX_PDU, SOCKET_BUFFER, SOCKET_BUFFER, new File(receiving.toString()),
                        InstanceReception.PATHS, reception, null, null, null, null,
                        new UnencapsulatedExplicitStoreFindMoveGetPresentationContextSelectionPolicy()).run();
            } finally {
                store.discard(receiving);
            }
        } catch (SocketTimeoutException e) {
            LOG.info(() -> "closed a connection from " + socket.getRemoteSocketAddress() + " that sent no association"
                    + " request within " + requestTimeoutMs + " ms");
        } catch (IOException | DicomNetworkException e) {
            // what a peer or the network does (an abort, a refused object, a dropped connection): one line
            LOG.warning(() -> "association from " + socket.getRemoteSocketAddress() + " ended: " + reason(e));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "association from " + socket.getRemoteSocketAddress() + " failed: " + e, e);
        } finally {
            releaseSlot.run();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close", e);
        }
        associations.shutdown();
        try {
            if (!associations.awaitTermination(10, TimeUnit.SECONDS)) {
                associations.shutdownNow();
            }
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A network failure in words: its message, or what its type says when it has none. */
    private static String reason(Exception e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof EOFException ? "the peer closed the connection in the middle of a PDU"
                : e.getClass().getSimpleName();
    }
}
