package dev.moat;

import dev.moat.settings.PasswordHash;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: with no arguments, runs a node on its embedded defaults; {@code --config}
 * (or {@code MOAT_CONFIG}) names the YAML settings file. {@code hash-password} makes the
 * password hashes the settings take; {@code test-address} prints an address's status; {@code why}
 * asks a running node what it knows about an address.
 */
@Command(name = "moat-node", mixinStandardHelpOptions = true, version = "Moat 0.1.0",
        description = "Runs a Moat node: an SMTP protection front that joins its cluster.",
        subcommands = {Main.HashPassword.class, TestAddressCommand.class, RouteCommand.class, BlockingCommand.class,
                WhyCommand.class, PreviewCommand.class})
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML settings file (default: $MOAT_CONFIG, else the embedded defaults)")
    private Path config;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The settings file named by {@code --config}, else by {@code MOAT_CONFIG}, else none (the defaults). */
    Path configFile() {
        if (config == null && System.getenv("MOAT_CONFIG") != null && !System.getenv("MOAT_CONFIG").isBlank()) {
            return Path.of(System.getenv("MOAT_CONFIG"));
        }
        return config;
    }

    @Override
    public Integer call() throws Exception {
        Path file = configFile();
        Node node;
        try {
            node = Node.start(file, System.getenv());
        } catch (Node.StartupException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            node.close();
            stopped.countDown();
        }, "moat-shutdown"));
        stopped.await();
        return 0;
    }

    /** Prints a password hash for the settings' {@code smtp.auth.users}. */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Reads a password (from the terminal, or one line of standard input) and prints its hash.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            char[] password;
            Console console = System.console();
            if (console != null) {
                password = console.readPassword("Password: ");
            } else {
                var line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password == null || password.length == 0) {
                System.err.println("no password given");
                return 1;
            }
            System.out.println(PasswordHash.create(password));
            return 0;
        }
    }
}
