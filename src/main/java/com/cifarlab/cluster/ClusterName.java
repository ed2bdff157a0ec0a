package com.cifarlab.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The grid's cluster name, derived from the shared secret. Hazelcast's free edition has no
 * member or client authentication: a client joins when it names the cluster, which it sends in
 * the clear. Deriving that name from the secret keeps the secret itself off the network and off
 * the nodes' logs, and a node with another secret is turned away by the grid before it can read
 * or write anything. Whoever can watch the traffic can still replay the name, so the cluster
 * port belongs on a network only the class's machines reach (see the README).
 */
final class ClusterName {

    private ClusterName() {
    }

    static String of(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] name = mac.doFinal(("cifar-lab cluster, protocol " + Wire.PROTOCOL).getBytes(StandardCharsets.UTF_8));
            return "cifar-lab-" + HexFormat.of().formatHex(name, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
