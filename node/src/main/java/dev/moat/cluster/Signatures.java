package dev.moat.cluster;

import dev.moat.cluster.ClusterSecret.MacCheck;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The MACs of cluster-wide state, made with the {@link ClusterSecret}. Each kind of state is
 * signed over every field that matters, each field written with its length and the whole
 * preceded by the kind's own label, so no two different values (and no value of one kind
 * taken for another) share a message: a document over its name, version, text, author and
 * time; a Temporary Client over its address and expiry; a callout result over its address,
 * result and expiry.
 */
final class Signatures {

    private static final String DOCUMENT = "moat.document.v1";
    private static final String TEMPORARY_CLIENT = "moat.temporary-client.v1";
    private static final String CALLOUT = "moat.callout-result.v1";

    private final ClusterSecret secret;

    Signatures(ClusterSecret secret) {
        this.secret = secret;
    }

    ClusterDocument sign(ClusterDocument document) {
        return document.withMac(secret.sign(message(document)));
    }

    MacCheck check(ClusterDocument document) {
        return secret.check(message(document), document.mac());
    }

    TemporaryClient signTemporaryClient(String address, long untilMillis) {
        return new TemporaryClient(untilMillis, secret.sign(message(address, untilMillis)));
    }

    MacCheck check(String address, TemporaryClient entry) {
        return secret.check(message(address, entry.untilMillis()), entry.mac());
    }

    CalloutResult signCallout(String address, boolean accepted, long untilMillis) {
        return new CalloutResult(accepted, untilMillis, secret.sign(message(address, accepted, untilMillis)));
    }

    MacCheck check(String address, CalloutResult entry) {
        return secret.check(message(address, entry.accepted(), entry.untilMillis()), entry.mac());
    }

    private static byte[] message(String address, boolean accepted, long untilMillis) {
        return write(out -> {
            text(out, CALLOUT);
            text(out, address);
            out.writeBoolean(accepted);
            out.writeLong(untilMillis);
        });
    }

    private static byte[] message(ClusterDocument d) {
        return write(out -> {
            text(out, DOCUMENT);
            text(out, d.name());
            out.writeLong(d.version());
            text(out, d.text());
            text(out, d.updatedBy());
            out.writeLong(d.updatedAtMillis());
        });
    }

    private static byte[] message(String address, long untilMillis) {
        return write(out -> {
            text(out, TEMPORARY_CLIENT);
            text(out, address);
            out.writeLong(untilMillis);
        });
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private interface Fields {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Fields fields) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
