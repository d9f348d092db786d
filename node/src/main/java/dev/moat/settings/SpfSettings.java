package dev.moat.settings;

import dev.moat.dns.SpfPolicy;
import java.util.Optional;

/**
 * The SPF settings of one layer, {@code spf}, {@code spf-permerror} and {@code spf-temperror}, each empty where the
 * layer does not write it, so that {@link EffectiveSettings#build} can tell a value written
 * from a default: the server's file wins where it writes a key, then the cluster-wide
 * document, then the defaults ({@code off}, {@code header}, {@code defer}).
 */
public record SpfSettings(Optional<SpfPolicy.Mode> mode, Optional<SpfPolicy.Permerror> permerror,
        Optional<SpfPolicy.Temperror> temperror) {

    static SpfSettings read(MappingReader r) {
        return new SpfSettings(r.choice("spf", SpfPolicy.Mode.class), r.choice("spf-permerror", SpfPolicy.Permerror.class),
                r.choice("spf-temperror", SpfPolicy.Temperror.class));
    }

    static SpfSettings none() {
        return new SpfSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This layer's values over {@code below}'s, then the defaults. */
    SpfPolicy over(SpfSettings below) {
        SpfPolicy defaults = SpfPolicy.off();
        return new SpfPolicy(mode.or(below::mode).orElse(defaults.mode()),
                permerror.or(below::permerror).orElse(defaults.permerror()),
                temperror.or(below::temperror).orElse(defaults.temperror()));
    }
}
