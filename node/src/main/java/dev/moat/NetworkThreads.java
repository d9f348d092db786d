package dev.moat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The node's Netty threads: one acceptor and one event loop per core (shared by the SMTP
 * sessions and the next-hop client), on epoll where the native transport loads, else NIO.
 */
record NetworkThreads(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> serverChannel)
        implements AutoCloseable {

    static NetworkThreads create() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (Epoll.isAvailable()) {
            return new NetworkThreads(
                    new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("moat-accept"), EpollIoHandler.newFactory()),
                    new MultiThreadIoEventLoopGroup(cores, new DefaultThreadFactory("moat-io"), EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class);
        }
        return new NetworkThreads(
                new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("moat-accept"), NioIoHandler.newFactory()),
                new MultiThreadIoEventLoopGroup(cores, new DefaultThreadFactory("moat-io"), NioIoHandler.newFactory()),
                NioServerSocketChannel.class);
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
