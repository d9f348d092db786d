package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console browser tests' fixture, as a JUnit extension: one headless Chromium (see
 * {@link Browser}) and two real nodes in one Hazelcast cluster on loopback, started by the
 * first console test class of the run and shared by all of them (they keep state the way the
 * tests of one class always did: documents and lists carry over), closed when the run ends.
 * Each test starts logged in on both nodes. Node 1 is reached as 127.0.0.1 and node 2 as
 * localhost, so each has its own cookie. Both deny {@link #DENIED} server-wide and have a PROXY
 * listener trusting 127.0.0.1, so a test speaks for any sender address (loopback itself is never
 * blocked) while all traffic stays on loopback. A class takes it with
 * {@code @ExtendWith(ConsoleCluster.class)} and a constructor parameter.
 */
final class ConsoleCluster implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROXIED = "behind-balancer";
    /** Denied in the server-wide settings of both nodes: refused at the greeting. */
    static final String DENIED = "127.0.0.44";
    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(ConsoleCluster.class);

    /** The browser and nodes of the run, closed by JUnit with the root context's store. */
    private record Running(Path dir, ChromeDriver browser, List<Node> nodes) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            browser.quit();
            TestNode.closeAll(nodes);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        var console = new Console(running(context));
        for (String page : List.of(console.one, console.two)) {
            console.browser.get(page);
            if (console.browser.getCurrentUrl().endsWith("/console/login")) {
                console.logIn(page);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Console.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Console(running(context));
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(SHARED).computeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        ChromeDriver browser = Browser.start();
        List<Node> nodes = new ArrayList<>();
        try {
            Path dir = Files.createTempDirectory("moat-console");
            TestNode cluster = new TestNode(dir, 2);
            for (int i = 1; i <= 2; i++) {
                cluster.writeSettings(i, TestNode.plainAndProxyListeners(PROXIED), "",
                        "local-domains: [moat.test]\nclient-addresses: \"127.0.0.1\"\ndenied-addresses: \"" + DENIED + "\"\n");
                nodes.add(cluster.start(i));
            }
            Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, nodes.get(0).member().memberCount()));
            var running = new Running(dir, browser, nodes);
            var console = new Console(running);
            console.logIn(console.one);
            console.logIn(console.two);
            return running;
        } catch (Exception | AssertionError e) {
            browser.quit();
            TestNode.closeAll(nodes);
            throw new IllegalStateException("the console's browser and nodes did not start: " + e, e);
        }
    }

    /** What a console test works with: the browser, both nodes, their consoles' addresses and the page helpers. */
    static final class Console {
        final ChromeDriver browser;
        final List<Node> nodes;
        /** Node 1's console, as 127.0.0.1; node 2's as localhost. */
        final String one;
        final String two;

        private Console(Running running) {
            this.browser = running.browser();
            this.nodes = running.nodes();
            this.one = "http://127.0.0.1:" + nodes.get(0).adminPort() + "/console/";
            this.two = "http://localhost:" + nodes.get(1).adminPort() + "/console/";
        }

        void logIn(String console) {
            browser.get(console + "login");
            browser.findElement(By.id("token")).sendKeys(TestNode.TOKEN, Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.getCurrentUrl().endsWith("/console/"));
        }

        AdminClient api(int node) {
            return new AdminClient(nodes.get(node - 1), TestNode.TOKEN);
        }

        long version(String document) throws Exception {
            var answer = api(1).get("/api/v1/cluster/documents/" + document, "application/json");
            return JSON.readTree(answer.body()).path("version").asLong();
        }

        /** Replaces the text of the page's cluster-wide editor with {@code text} and saves it. */
        void replaceClusterWide(String text) {
            WebElement editor = browser.findElement(By.cssSelector("#cluster-wide textarea"));
            editor.clear();
            editor.sendKeys(text);
            editor.submit();
        }

        /** The first reply {@code node}'s PROXY listener gives a connection from {@code sender}. */
        static String greeting(Node node, String sender) {
            try (var smtp = new RawSmtp(node.smtpAddress(PROXIED).getPort(), "127.0.0.1")) {
                smtp.raw("PROXY TCP4 " + sender + " 127.0.0.1 40001 25\r\n");
                return String.valueOf(smtp.reply());
            } catch (IOException e) {
                return "no greeting: " + e;
            }
        }

        static JsonNode json(AdminClient api, String path) {
            try {
                return JSON.readTree(api.get(path, "application/json").body());
            } catch (Exception e) {
                throw new AssertionError(path + ": " + e, e);
            }
        }
    }
}
