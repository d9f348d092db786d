package dev.moat.helm;

import static dev.moat.helm.MoatChart.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.Node;
import dev.moat.cluster.LoopbackCluster;
import dev.moat.testing.DeadPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's {@code helm test} pod: it renders and lints, and its script
 * run with bash against a real node on loopback: it passes when the member is ready and the
 * test message gets 250, and fails when a member does not answer.
 */
class ChartHelmTestTest {

    /**
     * helm-java's template leaves hooks out of its output, so the test pod is checked by lint, which renders them
     * (and against the Kubernetes API schema by ChartKubernetesSchemaTest, from a copy of the chart).
     */
    @Test
    void theTestPodLintsAndItsRecipientIsChecked() {
        var result = MoatChart.helm().lint().strict().call();
        assertTrue(!result.isFailed(), () -> String.join("\n", result.getMessages()));
        var wrong = assertThrows(IllegalStateException.class, () -> render(c -> c.set("tests.recipient", "nobody")));
        assertTrue(wrong.getMessage().contains("/tests/recipient"), wrong::getMessage);
    }

    @Test
    void theScriptPassesOnAReadyNodeAndFailsWhenAMemberDoesNotAnswer(@TempDir Path dir) throws Exception {
        int cluster = LoopbackCluster.freeBasePort(1);
        var settings = Files.writeString(dir.resolve("moat.yaml"), """
                node: {name: helm-test, data-dir: %s}
                smtp:
                  host-name: mx.moat.test
                  listeners: [{name: smtp, address: 127.0.0.1, port: 0}]
                admin: {address: 127.0.0.1, port: 0}
                cluster: {name: helm-test-%d, port: %d}
                """.formatted(dir.resolve("data"), System.nanoTime(), cluster));
        try (var node = Node.start(settings, Map.of("MOAT_ADMIN_TOKEN", "t", "MOAT_CLUSTER_SECRET",
                LoopbackCluster.newSecretText()))) {
            dev.moat.testing.Eventually.until("ready", node::ready);
            var smtp = "127.0.0.1:" + node.smtpAddresses().get(0).getPort();
            var member = "127.0.0.1:" + node.adminPort();

            var passed = script(member, smtp);
            assertEquals(0, passed.exit(), passed.output());
            assertTrue(passed.output().contains("a test message got 250"), passed.output());
            try (var spooled = Files.list(dir.resolve("data/spool"))) {
                assertEquals(1, spooled.filter(f -> f.toString().endsWith(".eml")).count());
            }
            try (var silentMember = DeadPort.reserve()) {
                var failed = script(member + " 127.0.0.1:" + silentMember.port(), smtp);
                assertNotEquals(0, failed.exit(), failed.output());
                assertTrue(failed.output().contains("cannot connect"), failed.output());
            }
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run script(String members, String smtp) throws Exception {
        var builder = new ProcessBuilder("bash", "-c",
                Files.readString(MoatChart.directory().resolve("files/helm-test.sh"))).redirectErrorStream(true);
        builder.environment().putAll(Map.of("MEMBERS", members, "SMTP", smtp, "RECIPIENT", "postmaster@mx.moat.test"));
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
