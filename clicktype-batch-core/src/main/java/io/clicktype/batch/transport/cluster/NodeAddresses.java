package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.EndpointClients;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP address of each replica of a {@link ClusterTopology}. {@code system.clusters} gives native ports
 * only, so: an endpoint of the configuration identified as a replica ({@link NodeIdentity}) is that replica's
 * address; any other replica is reached at its host with the
 * scheme and port of the first endpoint (the usual cluster: every host serves HTTP on one port). When that
 * address is already another replica's (nodes on one host with their own ports), the replica cannot be
 * reached and start-up fails with the fix: the configured urls that could not say which node they are, with why,
 * or else the missing url.
 */
final class NodeAddresses {

    private NodeAddresses() {
    }

    /**
     * @param identified each endpoint that named itself, to the replica it named
     * @param unidentified each endpoint that could not say which replica it is, for the fix
     * @param firstEndpoint the first configured endpoint, for the port rule
     * @return every replica's HTTP base URL, in topology order
     * @throws TransportException not retryable, naming the replica and the fix, when one cannot be mapped
     */
    static Map<ClusterTopology.Replica, String> map(ClusterTopology topology,
            Map<String, ClusterTopology.Replica> identified, Map<String, Identification> unidentified,
            String firstEndpoint) {
        Map<ClusterTopology.Replica, String> addresses = new LinkedHashMap<>();
        Map<String, ClusterTopology.Replica> taken = new HashMap<>();
        identified.forEach((endpoint, replica) -> {
            addresses.put(replica, endpoint);
            taken.put(endpoint, replica);
        });
        URI first = URI.create(EndpointClients.withoutUserInfo(firstEndpoint));
        for (ClusterTopology.Replica replica : topology.replicas()) {
            if (addresses.containsKey(replica)) {
                continue;
            }
            String guess = first.getScheme() + "://" + hostForUrl(replica.host()) + ":" + httpPort(first);
            ClusterTopology.Replica other = taken.get(guess);
            if (other != null) {
                throw TransportException.notRetryable("cluster '" + topology.name() + "': no configured endpoint is "
                        + replica
                        + ", and the port rule (its host with the first endpoint's HTTP port) gives " + guess
                        + ", which is " + other + " [not retryable]. " + Identification.fix(unidentified));
            }
            addresses.put(replica, guess);
            taken.put(guess, replica);
        }
        Map<ClusterTopology.Replica, String> ordered = new LinkedHashMap<>();
        topology.replicas().forEach(r -> ordered.put(r, addresses.get(r)));
        return ordered;
    }

    private static int httpPort(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "https".equals(endpoint.getScheme()) ? 443 : 80;
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
