package dev.accounts.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 between the application and the real PostgreSQL, which a test can break
 * in two ways without touching the shared server: {@link #refuse()} closes every connection and the
 * port (a stopped database: connections are refused at once), {@link #blackhole()} keeps accepting
 * but relays nothing (a network partition: clients hang until their own timeouts).
 * {@link #restore()} heals either.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { RELAY, BLACKHOLE, REFUSE }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.RELAY;
    private volatile ServerSocket server;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = bind(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    public int port() {
        return port;
    }

    /** Like a stopped database: open connections are reset and new ones refused. */
    public synchronized void refuse() throws IOException {
        mode = Mode.REFUSE;
        server.close();
        closeAll();
    }

    /** Like a partition: connections stay open (new ones are accepted) but no byte gets through. */
    public synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Back to relaying. Connections that lived through the outage are reset, as after a real one. */
    public synchronized void restore() throws IOException {
        Mode before = mode;
        if (before == Mode.RELAY) {
            return;
        }
        mode = Mode.RELAY;
        closeAll();
        if (before == Mode.REFUSE) {
            server = bind(port);
            startAccepting(server);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        mode = Mode.REFUSE;
        server.close();
        closeAll();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void startAccepting(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    sockets.add(client);
                    if (mode == Mode.RELAY) {
                        connect(client);
                    } else {
                        pump(client.getInputStream(), OutputStream.nullOutputStream(), client, null);
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void connect(Socket client) throws IOException {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            client.close();
            return;
        }
        sockets.add(upstream);
        pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), upstream, client);
    }

    /** Copies bytes while relaying; swallows them while the proxy is a black hole. */
    private void pump(InputStream in, OutputStream out, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (mode == Mode.RELAY) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException ignored) {
                // One side went away; the finally block takes the other down with it.
            } finally {
                quietlyClose(from);
                if (to != null) {
                    quietlyClose(to);
                }
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            quietlyClose(socket);
        }
        sockets.clear();
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort: the socket may already be gone.
        }
    }
}
