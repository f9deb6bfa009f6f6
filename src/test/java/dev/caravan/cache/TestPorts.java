package dev.caravan.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

final class TestPorts {

    private TestPorts() {
    }

    /** A port nothing listens on (just released by the OS), so connecting is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
