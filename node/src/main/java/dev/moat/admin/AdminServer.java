package dev.moat.admin;

import dev.moat.net.BindFailure;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: health, metrics and the JSON API (see {@link AdminApi} for the
 * routes), over HTTPS when the options carry a TLS context. {@link #start()} binds and returns
 * the port (useful with port 0); {@link #close()} stops accepting, closes connections and
 * releases the threads, and may be called more than once. Limits, each answered with a JSON
 * error and, where the rest of the request cannot be skipped, a close: a request line over
 * {@value #MAX_INITIAL_LINE_BYTES} bytes (414), headers over {@value #MAX_HEADER_BYTES} bytes
 * (431), a body over 10 MiB (413), a request not complete within the request timeout (408).
 */
public final class AdminServer implements AutoCloseable {

    /** The largest request body accepted, 10 MiB. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** The longest request line (method, target, version) accepted. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** The most header bytes accepted in one request. */
    public static final int MAX_HEADER_BYTES = 8192;
    private static final int IDLE_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminOptions options;
    private final AdminApi api;
    private EventLoopGroup loops;
    private ExecutorService workers;
    private Channel channel;

    /** One route of the API as a reader (or a test that must cover every route) sees it. */
    public record Endpoint(String template, boolean open, Set<String> methods) {
        public Endpoint {
            methods = Collections.unmodifiableSet(new TreeSet<>(methods));
        }
    }

    public AdminServer(AdminOptions options, AdminBackend backend) {
        this(options, backend, null);
    }

    /** As above, with the pages {@code pages} makes (the web console) served under their prefix. */
    public AdminServer(AdminOptions options, AdminBackend backend, AdminPages.Factory pages) {
        this.options = options;
        this.api = new AdminApi(backend, options.token(), pages, options.tls().isPresent());
    }

    /** Every route the API answers; a template's {@code {parameter}} stands for one path segment. */
    public List<Endpoint> endpoints() {
        return api.routes().stream().map(r -> new Endpoint(r.template(), r.open(), r.methods().keySet())).toList();
    }

    /** Binds the server; returns the port it listens on. */
    public synchronized int start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = Executors.newFixedThreadPool(2, new WorkerThreads());
        try {
            channel = new ServerBootstrap()
                    .group(loops)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new Initializer(api, workers, options))
                    .bind(options.address(), options.port())
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            close();
            throw e;
        } catch (Exception e) { // sync() rethrows the bind's own exception, a checked one among them
            close();
            throw BindFailure.of("the admin server", options.address(), options.port(), e);
        }
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        log.info("Admin {} server listening on {}:{}", options.tls().isPresent() ? "HTTPS" : "HTTP",
                options.address(), port);
        return port;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loops = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
    }

    /** The pipeline of one admin connection, in order. */
    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final AdminApi api;
        private final ExecutorService workers;
        private final AdminOptions options;

        Initializer(AdminApi api, ExecutorService workers, AdminOptions options) {
            this.api = api;
            this.workers = workers;
            this.options = options;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            ChannelPipeline pipeline = ch.pipeline();
            options.tls().ifPresent(tls -> pipeline.addLast("tls", tls.newHandler(ch.alloc())));
            pipeline.addLast("deadline", new RequestDeadline(options.requestTimeout()));
            pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
            pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192));
            pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
            pipeline.addLast("aggregator", new LimitedBodyAggregator(MAX_BODY_BYTES));
            pipeline.addLast("api", new AdminHttpHandler(api, workers));
        }
    }

    /** Names the threads that answer requests, so they show up in thread dumps. */
    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "moat-admin-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
