package dev.moat.helm;

import static dev.moat.helm.ValidationFixture.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each Service and NetworkPolicy rule of {@link NetworkValidation}, one named case that breaks
 * it and the object made right, which passes.
 */
class ChartNetworkValidationTest {
    private static final String SERVICE = "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {%s}}";
    private static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: policy}
            spec:
              podSelector: {matchLabels: {app: moat}}
            %s""";

    @Test
    void serviceTypesAreTheFourTheApiKnows() {
        assertEquals(List.of("Service/s: spec.type: Unsupported value: \"Loadbalancer\": supported values: \"ClusterIP\","
                + " \"NodePort\", \"LoadBalancer\", \"ExternalName\""), problems(SERVICE.formatted("type: Loadbalancer, ports: [{port: 25}]")));
        assertEquals(List.of(), problems(SERVICE.formatted("type: LoadBalancer, ports: [{port: 25}]")));
    }

    @Test
    void servicePortsAreNamedAsDnsLabelsWhenSeveralAndUniqueByNameAndByPortAndProtocol() {
        assertEquals(List.of("Service/s: spec.ports[0].name: Invalid value: \"SMTP\": a lowercase RFC 1123 label must"
                        + " consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                "Service/s: spec.ports[1].name: Required value",
                "Service/s: spec.ports[3].name: Duplicate value: \"smtp\"",
                "Service/s: spec.ports[5]: Duplicate value: port 587 and protocol TCP",
                "Service/s: spec.ports[6].port: must be between 1 and 65535, inclusive"), problems(SERVICE.formatted("""
                ports: [{name: SMTP, port: 25}, {port: 465}, {name: smtp, port: 2525}, {name: smtp, port: 2526},
                  {name: submission, port: 587}, {name: submission-tcp, port: 587, protocol: TCP}, {name: big, port: 70000}]
                """)));
        assertEquals(List.of(), problems(SERVICE.formatted(
                "ports: [{name: smtp, port: 25}, {name: smtp-udp, port: 25, protocol: UDP}, {name: submission, port: 587}]")));
        assertEquals(List.of(), problems(SERVICE.formatted("ports: [{port: 25}]")), "one port needs no name");
    }

    @Test
    void aServiceTargetPortIsANumberOrAnIanaServiceName() {
        assertEquals(List.of("Service/s: spec.ports[0].targetPort: must be no more than 15 characters",
                "Service/s: spec.ports[1].targetPort: must be between 1 and 65535, inclusive"), problems(SERVICE.formatted(
                "ports: [{name: a, port: 25, targetPort: smtps-submission}, {name: b, port: 26, targetPort: 0}]")));
        assertEquals(List.of(), problems(SERVICE.formatted(
                "ports: [{name: a, port: 25, targetPort: smtp}, {name: b, port: 26, targetPort: 2526}]")));
    }

    @Test
    void externalTrafficPolicyAndLoadBalancerFieldsNeedTheirServiceTypes() {
        assertEquals(List.of("Service/s: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
                "Service/s: spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
                "Service/s: spec.loadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"),
                problems(SERVICE.formatted("ports: [{port: 25, nodePort: 30025}], externalTrafficPolicy: Local,"
                        + " loadBalancerSourceRanges: [192.0.2.0/24]")));
        assertEquals(List.of("Service/s: spec.externalTrafficPolicy: Unsupported value: \"local\": supported values: \"Cluster\", \"Local\"",
                "Service/s: spec.loadBalancerSourceRanges[0]: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"),
                problems(SERVICE.formatted("type: LoadBalancer, ports: [{port: 25}], externalTrafficPolicy: local,"
                        + " loadBalancerSourceRanges: [192.0.2.0/33]")));
        assertEquals(List.of(), problems(SERVICE.formatted("type: NodePort, ports: [{port: 25, nodePort: 30025}], externalTrafficPolicy: Local")));
        assertEquals(List.of(), problems(SERVICE.formatted("type: LoadBalancer, ports: [{port: 25}], externalTrafficPolicy: Local,"
                + " loadBalancerSourceRanges: [192.0.2.0/24, \"2001:db8::/32\"], loadBalancerClass: service.k8s.aws/nlb")));
    }

    @Test
    void networkPolicyPortsAreNumbersOrNamesWithAProtocolTheApiKnows() {
        assertEquals(List.of("NetworkPolicy/policy: spec.ingress[0].ports[0].port: must be between 1 and 65535, inclusive",
                "NetworkPolicy/policy: spec.ingress[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
                "NetworkPolicy/policy: spec.ingress[0].ports[2].port: must contain at least one letter (a-z)",
                "NetworkPolicy/policy: spec.ingress[0].ports[3].endPort: Invalid value: 2000: must be a number not below a numeric `port`"), problems(POLICY.formatted("""
                  ingress:
                    - ports: [{port: 0}, {port: 25, protocol: tcp}, {port: "2525"}, {port: 2525, endPort: 2000}]
                """)));
        assertEquals(List.of(), problems(POLICY.formatted("""
                  ingress:
                    - ports: [{port: 25}, {port: 25, protocol: UDP}, {port: smtp}, {port: 2525, endPort: 2600}]
                """)));
    }

    @Test
    void networkPolicyTypesAreIngressOrEgressAtMostOnceEach() {
        assertEquals(List.of("NetworkPolicy/policy: spec.policyTypes: Unsupported value: \"ingress\": supported values: \"Ingress\", \"Egress\"",
                "NetworkPolicy/policy: spec.policyTypes: Invalid value: [Ingress, Ingress]: may not specify more than two policyTypes"),
                List.of(problems(POLICY.formatted("  policyTypes: [ingress]\n")), problems(POLICY.formatted(
                        "  policyTypes: [Ingress, Ingress]\n"))).stream().flatMap(List::stream).toList());
        assertEquals(List.of(), problems(POLICY.formatted("  policyTypes: [Ingress, Egress]\n")));
    }

    @Test
    void aNetworkPolicyPeerIsSelectorsOrAnAddressBlockNeverBoth() {
        assertEquals(List.of("NetworkPolicy/policy: spec.ingress[0].from[0]: Required value: must specify a peer",
                "NetworkPolicy/policy: spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer",
                "NetworkPolicy/policy: spec.ingress[0].from[2].ipBlock.except[0]: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
                "NetworkPolicy/policy: spec.ingress[0].from[3].namespaceSelector.matchExpressions[0].values: Required value: must"
                        + " be specified when `operator` is 'In' or 'NotIn'"), problems(POLICY.formatted("""
                  ingress:
                    - from:
                        - {}
                        - {podSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}
                        - ipBlock: {cidr: 10.20.0.0/24, except: [10.20.0.300/25]}
                        - namespaceSelector: {matchExpressions: [{key: team, operator: In}]}
                """)));
        assertEquals(List.of(), problems(POLICY.formatted("""
                  ingress:
                    - from:
                        - {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {}}
                        - ipBlock: {cidr: 10.20.0.0/24, except: [10.20.0.128/25]}
                        - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [mail]}, {key: x, operator: Exists}]}
                """)));
    }
}
