package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.FailureClassifier;
import io.clicktype.batch.transport.ReplicaSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a cluster insert that failed on one node may go to another at once, without risking a second stored copy:
 * within a shard always on a retryable failure (the shard's Replicated table drops a copy the first replica stored
 * after all), across shards only when the failed node cannot have stored the batch (refused before sending, or
 * answered with an error). The {@link ReplicaSet.Judge}s the cluster transport fails over with.
 */
final class InsertFailover {

    private static final Logger LOG = LoggerFactory.getLogger(InsertFailover.class);

    /** Distributed mode, any node: the next node only when this one cannot have stored the batch. */
    static final ReplicaSet.Judge<ClusterNode> ANYWHERE = (node, failure, anotherLeft) -> {
        TransportException e = asTransportException(failure);
        return new ReplicaSet.Verdict(e, !e.retryable() || !certainlyNotStored(e) ? ReplicaSet.Next.FAIL
                : ReplicaSet.Next.TRY_NEXT);
    };

    private InsertFailover() {
    }

    /**
     * The replicas of one shard, for one request: a retryable failure sends it to the next replica at once (a
     * refusal for good is the same on every replica: thrown at once), and is remembered when that replica may
     * have stored the batch. Not thread-safe: one per request.
     */
    static final class WithinShard implements ReplicaSet.Judge<ClusterNode> {
        private final int shardNumber;
        private boolean mayBeStored;

        WithinShard(int shardNumber) {
            this.shardNumber = shardNumber;
        }

        @Override
        public ReplicaSet.Verdict judge(ClusterNode node, Exception failure, boolean anotherLeft) {
            TransportException e = asTransportException(failure);
            if (!e.retryable()) {
                return new ReplicaSet.Verdict(e, ReplicaSet.Next.FAIL);
            }
            mayBeStored |= !certainlyNotStored(e);
            LOG.debug("insert into {} failed ({}); trying another replica of shard {}", node.endpoint(),
                    e.getMessage(), shardNumber);
            return new ReplicaSet.Verdict(e, ReplicaSet.Next.TRY_NEXT);
        }

        /** Whether a replica that failed may have stored the batch (its answer was lost). */
        boolean mayBeStored() {
            return mayBeStored;
        }
    }

    /** Whether the failed request cannot have been stored: refused before sending, or answered with an error. */
    static boolean certainlyNotStored(TransportException e) {
        return e.httpStatus() != 0 || FailureClassifier.requestNotSent(e.getCause());
    }

    /** A node's insert throws only unchecked exceptions: a {@link TransportException} is judged, others pass. */
    private static TransportException asTransportException(Exception failure) {
        if (failure instanceof TransportException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }
}
