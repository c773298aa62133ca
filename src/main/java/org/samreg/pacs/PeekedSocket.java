package org.samreg.pacs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A connected socket whose first bytes were already read (to look at the association request before PixelMed
 * does); reading starts again with those bytes, through an {@link ObjectSizeGuard}. Everything else is passed
 * to the real socket.
 */
final class PeekedSocket extends Socket {
    private final Socket socket;
    private final InputStream in;

    /** {@code onEnd} runs when the peer releases or aborts the association (see {@link ObjectSizeGuard}). */
    PeekedSocket(Socket socket, byte[] peeked, long maxObjectBytes, int maxPduLength, Runnable onEnd)
            throws IOException {
        this.socket = socket;
        this.in = new ObjectSizeGuard(new SequenceInputStream(new ByteArrayInputStream(peeked), socket.getInputStream()),
                maxObjectBytes, maxPduLength, onEnd);
    }

    @Override public InputStream getInputStream() { return in; }
    @Override public OutputStream getOutputStream() throws IOException { return socket.getOutputStream(); }
    @Override public synchronized void close() throws IOException { socket.close(); }
    @Override public boolean isClosed() { return socket.isClosed(); }
    @Override public boolean isConnected() { return socket.isConnected(); }
    @Override public void shutdownInput() throws IOException { socket.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { socket.shutdownOutput(); }
    @Override public synchronized void setSoTimeout(int t) throws SocketException { socket.setSoTimeout(t); }
    @Override public synchronized int getSoTimeout() throws SocketException { return socket.getSoTimeout(); }
    @Override public synchronized void setReceiveBufferSize(int s) throws SocketException { socket.setReceiveBufferSize(s); }
    @Override public synchronized int getReceiveBufferSize() throws SocketException { return socket.getReceiveBufferSize(); }
    @Override public synchronized void setSendBufferSize(int s) throws SocketException { socket.setSendBufferSize(s); }
    @Override public synchronized int getSendBufferSize() throws SocketException { return socket.getSendBufferSize(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { socket.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return socket.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { socket.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return socket.getSoLinger(); }
    @Override public InetAddress getInetAddress() { return socket.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return socket.getLocalAddress(); }
    @Override public int getPort() { return socket.getPort(); }
    @Override public int getLocalPort() { return socket.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return socket.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return socket.getLocalSocketAddress(); }
    @Override public String toString() { return socket.toString(); }
}
