package dev.moat.helm;

import static dev.moat.helm.KubernetesValidation.list;
import static dev.moat.helm.KubernetesValidation.map;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Service's and a NetworkPolicy's spec as the API server validates them (core validation's
 * ValidateService, networking validation's ValidateNetworkPolicySpec): the Service's type, its
 * ports (named as DNS-1123 labels, a name required when there are several, unique by name and
 * by port and protocol, target ports a number or an IANA_SVC_NAME), the fields only some types
 * take (externalTrafficPolicy, nodePort, loadBalancerSourceRanges, loadBalancerClass), its
 * selector's labels; the policy's pod selector, policy types, ports and peers (exactly one
 * kind of peer, valid address ranges).
 */
final class NetworkValidation {
    private static final String[] PROTOCOLS = {"TCP", "UDP", "SCTP"};
    private static final Set<Object> EXTERNAL_TYPES = Set.of("NodePort", "LoadBalancer");

    private NetworkValidation() {
    }

    static void service(ObjectProblems found, Map<?, ?> spec) {
        Object type = spec.containsKey("type") ? spec.get("type") : "ClusterIP";
        found.oneOf("spec.type", type, "ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
        List<?> ports = list(spec.get("ports"));
        if (ports.isEmpty() && !"ExternalName".equals(type) && !"None".equals(spec.get("clusterIP"))) {
            found.add("spec.ports", "Required value");
        }
        var names = new HashSet<Object>();
        var portProtocols = new HashSet<String>();
        for (int i = 0; i < ports.size(); i++) {
            String at = "spec.ports[" + i + "]";
            Map<?, ?> port = map(ports.get(i));
            Object name = port.get("name");
            if (name instanceof String text && !text.isEmpty()) {
                found.check(at + ".name", KubernetesNames.dns1123Label(text), text);
            } else if (ports.size() > 1) {
                found.add(at + ".name", "Required value");
            }
            if (name != null && !names.add(name)) {
                found.add(at + ".name", "Duplicate value: \"" + name + "\"");
            }
            found.check(at + ".port", KubernetesNames.portNumber(port.get("port")));
            found.oneOf(at + ".protocol", port.get("protocol"), PROTOCOLS);
            Object protocol = port.containsKey("protocol") ? port.get("protocol") : "TCP";
            if (!portProtocols.add(port.get("port") + "/" + protocol)) {
                found.add(at, "Duplicate value: port " + port.get("port") + " and protocol " + protocol);
            }
            if (port.containsKey("targetPort")) {
                found.check(at + ".targetPort", KubernetesNames.portNumberOrName(port.get("targetPort")));
            }
            if (port.containsKey("nodePort")) {
                found.check(at + ".nodePort", EXTERNAL_TYPES.contains(type) ? KubernetesNames.portNumber(port.get("nodePort"))
                        : "Forbidden: may not be used when `type` is '" + type + "'");
            }
        }
        Object external = spec.get("externalTrafficPolicy");
        if (external != null && !EXTERNAL_TYPES.contains(type)) {
            found.add("spec.externalTrafficPolicy", "Invalid value: \"" + external
                    + "\": may only be set when `type` is 'NodePort' or 'LoadBalancer'");
        }
        found.oneOf("spec.externalTrafficPolicy", external, "Cluster", "Local");
        found.oneOf("spec.internalTrafficPolicy", spec.get("internalTrafficPolicy"), "Cluster", "Local");
        found.oneOf("spec.sessionAffinity", spec.get("sessionAffinity"), "ClientIP", "None");
        List<?> ranges = list(spec.get("loadBalancerSourceRanges"));
        for (int i = 0; i < ranges.size(); i++) {
            found.check("spec.loadBalancerSourceRanges[" + i + "]", KubernetesNames.cidr(String.valueOf(ranges.get(i))));
        }
        for (String field : List.of("loadBalancerSourceRanges", "loadBalancerClass")) {
            if (spec.containsKey(field) && !"LoadBalancer".equals(type)) {
                found.add("spec." + field, "Forbidden: may only be used when `type` is 'LoadBalancer'");
            }
        }
        if (spec.get("loadBalancerClass") instanceof String lbClass) {
            found.check("spec.loadBalancerClass", KubernetesNames.qualifiedName(lbClass), lbClass);
        }
        KubernetesValidation.labels(found, "spec.selector", spec.get("selector"));
    }

    static void networkPolicy(ObjectProblems found, Map<?, ?> spec) {
        Selectors.check(found, "spec.podSelector", spec.get("podSelector"), null);
        List<?> types = list(spec.get("policyTypes"));
        types.forEach(t -> found.oneOf("spec.policyTypes", t, "Ingress", "Egress"));
        if (types.size() > 2 || new HashSet<>(types).size() < types.size()) {
            found.add("spec.policyTypes", "Invalid value: " + types + ": may not specify more than two policyTypes");
        }
        for (String direction : List.of("ingress", "egress")) {
            List<?> rules = list(spec.get(direction));
            for (int i = 0; i < rules.size(); i++) {
                String at = "spec." + direction + "[" + i + "]";
                policyPorts(found, at + ".ports", list(Manifests.at(rules.get(i), "ports")));
                String peersField = "ingress".equals(direction) ? "from" : "to";
                List<?> peers = list(Manifests.at(rules.get(i), peersField));
                for (int p = 0; p < peers.size(); p++) {
                    peer(found, at + "." + peersField + "[" + p + "]", map(peers.get(p)));
                }
            }
        }
    }

    private static void policyPorts(ObjectProblems found, String path, List<?> ports) {
        for (int i = 0; i < ports.size(); i++) {
            String at = path + "[" + i + "]";
            Map<?, ?> port = map(ports.get(i));
            found.oneOf(at + ".protocol", port.get("protocol"), PROTOCOLS);
            if (port.containsKey("port")) {
                found.check(at + ".port", KubernetesNames.portNumberOrName(port.get("port")));
            }
            if (port.containsKey("endPort")) {
                boolean valid = port.get("port") instanceof Integer first && port.get("endPort") instanceof Integer end && end >= first;
                found.check(at + ".endPort", valid ? null
                        : "Invalid value: " + port.get("endPort") + ": must be a number not below a numeric `port`");
            }
        }
    }

    private static void peer(ObjectProblems found, String path, Map<?, ?> peer) {
        boolean selectors = peer.containsKey("podSelector") || peer.containsKey("namespaceSelector");
        if (!selectors && !peer.containsKey("ipBlock")) {
            found.add(path, "Required value: must specify a peer");
        } else if (selectors && peer.containsKey("ipBlock")) {
            found.add(path, "Forbidden: may not specify both ipBlock and another peer");
        }
        Selectors.check(found, path + ".podSelector", peer.get("podSelector"), null);
        Selectors.check(found, path + ".namespaceSelector", peer.get("namespaceSelector"), null);
        if (peer.get("ipBlock") instanceof Map<?, ?> block) {
            found.check(path + ".ipBlock.cidr", block.get("cidr") instanceof String cidr ? KubernetesNames.cidr(cidr) : "Required value");
            List<?> except = list(block.get("except"));
            for (int i = 0; i < except.size(); i++) {
                found.check(path + ".ipBlock.except[" + i + "]", KubernetesNames.cidr(String.valueOf(except.get(i))));
            }
        }
    }
}
