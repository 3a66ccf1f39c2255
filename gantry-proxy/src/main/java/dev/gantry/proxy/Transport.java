package dev.gantry.proxy;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket implementation: io_uring when the kernel allows it (it batches the reads and writes
 * of many connections into one system call), else native epoll, else NIO. The system property
 * {@value #PROPERTY} ({@code io_uring}, {@code epoll} or {@code nio}) caps the choice: the named
 * transport, or the next one down when it is not available.
 */
record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel) {

    static final String PROPERTY = "gantry.transport";

    static Transport best() {
        String cap = System.getProperty(PROPERTY, "io_uring");
        boolean uringAllowed = cap.equals("io_uring");
        boolean epollAllowed = uringAllowed || cap.equals("epoll");
        if (!epollAllowed && !cap.equals("nio")) {
            throw new IllegalArgumentException(PROPERTY + ": expected io_uring, epoll or nio, got '" + cap + "'");
        }
        if (uringAllowed && IoUring.isAvailable()) {
            return new Transport(
                    "io_uring",
                    IoUringIoHandler.newFactory(),
                    IoUringServerSocketChannel.class,
                    IoUringSocketChannel.class);
        }
        if (epollAllowed && Epoll.isAvailable()) {
            return new Transport(
                    "epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
