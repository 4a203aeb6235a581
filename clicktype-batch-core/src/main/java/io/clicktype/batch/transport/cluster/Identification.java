package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.transport.EndpointClients;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a configured url turned out to be: its replica, or why it could not tell and what makes it tell. The fix
 * goes into the start-up error when a replica then has no address, so that the error never advises listing urls
 * that are all listed already.
 *
 * @param replica the replica, or {@code null} when not identified
 * @param why     why not, e.g. "did not answer (...)"; {@code null} when identified
 * @param fix     what makes it identifiable; {@code null} when identified
 */
record Identification(ClusterTopology.Replica replica, String why, String fix) {

    /** The fix when every configured url was identified: some node has no url. */
    static final String LIST_EVERY_URL = "list every node's HTTP url in clicktype.batch.clickhouse.url "
            + "(ConnectionConfig endpoints), comma-separated.";

    static Identification of(ClusterTopology.Replica replica) {
        return new Identification(replica, null, null);
    }

    static Identification unknown(String why, String fix) {
        return new Identification(null, why, fix);
    }

    boolean identified() {
        return replica != null;
    }

    /**
     * The "To fix: ..." of an error about a replica without an address: when some configured urls could not say
     * which node they are, that is the cause, each named with its reason and fix; else the missing url.
     *
     * @param unidentified each configured url that could not tell, to its identification
     */
    static String fix(Map<String, Identification> unidentified) {
        if (unidentified.isEmpty()) {
            return "To fix: " + LIST_EVERY_URL;
        }
        return "The configured url(s) that could not say which node they are: " + unidentified.entrySet().stream()
                .map(e -> EndpointClients.withoutUserInfo(e.getKey()) + " " + e.getValue().why() + ". To fix: "
                        + e.getValue().fix())
                .collect(Collectors.joining("; ")) + ".";
    }
}
