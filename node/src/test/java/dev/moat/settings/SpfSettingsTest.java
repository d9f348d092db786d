package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.moat.dns.SpfPolicy;
import dev.moat.dns.SpfPolicy.Mode;
import dev.moat.dns.SpfPolicy.Permerror;
import dev.moat.dns.SpfPolicy.Temperror;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code spf} and {@code spf-permerror} in both layers: the defaults, every value, a bad value
 * refused with its line, and the merge: the server's file wins where it writes a key, the
 * cluster-wide document holds where it does not.
 */
class SpfSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.moat.test");

    private static SpfPolicy effective(String server, String cluster) {
        var s = ServerSettings.parse(server, HOST);
        var c = ClusterSettings.parse(cluster);
        return EffectiveSettings.build(s.value(), c.value(), 1).spf();
    }

    @Test
    void spfIsOffByDefaultAndAPermerrorOnlyAHeader() {
        assertEquals(new SpfPolicy(Mode.OFF, Permerror.HEADER, Temperror.DEFER), effective("", ""));
        assertFalse(effective("", "").evaluates());
    }

    @Test
    void everyModeIsRead() {
        assertEquals(Mode.HEADER, effective("spf: header\n", "").mode());
        assertEquals(Mode.REJECT_FAIL, effective("spf: reject-fail\n", "").mode());
        assertEquals(Mode.REJECT_SOFTFAIL, effective("spf: reject-softfail\n", "").mode());
        assertEquals(Mode.OFF, effective("spf: off\n", "spf: header\n").mode(), "off written in the file is off");
        assertEquals(Permerror.REJECT, effective("spf-permerror: reject\n", "").permerror());
        assertEquals(Temperror.HEADER, effective("spf-temperror: header\n", "").temperror());
    }

    @Test
    void aBadValueIsRefusedWithItsLineInEitherLayer() {
        var server = ServerSettings.parse("local-domains: [moat.test]\nspf: reject\n", HOST);
        assertEquals(List.of(new SettingsError(2, "spf", "must be one of off, header, reject-fail, reject-softfail")),
                server.errors());
        var cluster = ClusterSettings.parse("spf-permerror: yes\n");
        assertEquals(List.of(new SettingsError(1, "spf-permerror", "must be one of header, reject")), cluster.errors());
    }

    @Test
    void theClusterWideDocumentHoldsWhereTheServersFileIsSilent() {
        assertEquals(new SpfPolicy(Mode.REJECT_SOFTFAIL, Permerror.REJECT, Temperror.HEADER),
                effective("", "spf: reject-softfail\nspf-permerror: reject\nspf-temperror: header\n"));
    }

    @Test
    void theServersFileWinsWhereItWritesAKey() {
        assertEquals(new SpfPolicy(Mode.HEADER, Permerror.REJECT, Temperror.DEFER),
                effective("spf: header\n", "spf: reject-fail\nspf-permerror: reject\n"));
    }
}
