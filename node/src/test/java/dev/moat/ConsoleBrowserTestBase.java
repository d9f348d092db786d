package dev.moat;

import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What every console browser test class works with, from the run's shared {@link ConsoleCluster}:
 * the browser, both nodes, node 1's console as 127.0.0.1 ({@link #one}) and node 2's as
 * localhost ({@link #two}), and the page helpers of {@link ConsoleCluster.Console}.
 */
@ExtendWith(ConsoleCluster.class)
abstract class ConsoleBrowserTestBase {
    protected final ConsoleCluster.Console console;
    protected final ChromeDriver browser;
    protected final List<Node> nodes;
    protected final String one;
    protected final String two;

    ConsoleBrowserTestBase(ConsoleCluster.Console console) {
        this.console = console;
        this.browser = console.browser;
        this.nodes = console.nodes;
        this.one = console.one;
        this.two = console.two;
    }
}
