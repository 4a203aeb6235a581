package io.clicktype.batch.transport;

import io.clicktype.batch.TransportException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Interchangeable targets of one request — the endpoints of one server, the replicas of one shard, every node of a
 * cluster — and the one way a request fails over between them: members are tried in turn from a starting one, live
 * ones first, and after each failure the caller's {@link Judge} says whether the same request goes to the next
 * member now, or the failure is thrown (and whether the next request starts at the next member).
 *
 * <p>Two ways to choose the starting member: {@link #sticky} keeps using the member that last answered until it
 * fails (the endpoints of a connection, {@link EndpointClients}); {@link #rotating} starts each request one member
 * further on, spreading requests over the members (a cluster's replicas and nodes). Whether a member is live is
 * the member's own state (a node marks itself down on a failure, up on a success); a sticky set treats every member
 * as live. Thread-safe: one atomic start index, no lock.
 *
 * @param <R> the member type
 */
public final class ReplicaSet<R> {

    /** What a failed attempt leads to. */
    public enum Next {
        /** The same request goes to the next member at once (the failure is thrown when none is left). */
        TRY_NEXT,
        /** The failure is thrown; the next request starts where this one did. */
        FAIL,
        /** The failure is thrown; in a sticky set the next request starts at the member after this one. */
        FAIL_AND_MOVE_ON
    }

    /** One attempt of the request on one member. */
    @FunctionalInterface
    public interface Attempt<R, T> {
        T run(R member) throws Exception;
    }

    /** Turns a failed attempt into the exception to throw and what happens next. */
    @FunctionalInterface
    public interface Judge<R> {
        /**
         * @param anotherLeft whether a member remains to try for this request
         * @return the failure as thrown, and what happens next
         */
        Verdict judge(R member, Exception failure, boolean anotherLeft);
    }

    /** A judged failure: the exception to throw (when it is thrown) and what happens next. */
    public record Verdict(TransportException failure, Next next) {
        /** @throws NullPointerException when either is missing */
        public Verdict {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Told when a sticky set's starting member changes, for one log line per switch. */
    @FunctionalInterface
    public interface Switch<R> {
        /** @param cause the failure that moved it on, or {@code null} when another member answered instead */
        void switched(R from, R to, Exception cause);
    }

    private final List<R> members;
    private final Predicate<? super R> live;
    private final boolean sticky;
    private final AtomicInteger start;

    private ReplicaSet(List<R> members, Predicate<? super R> live, boolean sticky, AtomicInteger start) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a replica set needs at least one member");
        }
        this.members = List.copyOf(members);
        this.live = live;
        this.sticky = sticky;
        this.start = start;
    }

    /** Members used from the first until it fails, then from the one after it; every member counts as live. */
    public static <R> ReplicaSet<R> sticky(List<R> members) {
        return new ReplicaSet<>(members, member -> true, true, new AtomicInteger());
    }

    /**
     * Each request starts one member further on ({@code turn}, which the caller may share, e.g. across topology
     * refreshes); live members are tried before those {@code live} says are down.
     */
    public static <R> ReplicaSet<R> rotating(List<R> members, Predicate<? super R> live, AtomicInteger turn) {
        return new ReplicaSet<>(members, live, false, turn);
    }

    /** The same kind of set over {@code others}, sharing this one's start (a refreshed topology keeps its turns). */
    public ReplicaSet<R> withMembers(List<R> others) {
        return new ReplicaSet<>(others, live, sticky, start);
    }

    /**
     * Runs {@code attempt} on the members in turn until one succeeds.
     *
     * @param onSwitch told when a sticky set's starting member changes; unused by a rotating set
     * @return the first successful attempt's result
     * @throws TransportException the failure {@code judge} made of the last attempt
     */
    public <T> T call(Attempt<R, T> attempt, Judge<? super R> judge, Switch<? super R> onSwitch) {
        int size = members.size();
        int first = sticky ? start.get() : Math.floorMod(start.getAndIncrement(), size);
        int[] order = order(first);
        for (int i = 0; i < size; i++) {
            int index = order[i];
            R member = members.get(index);
            try {
                T result = attempt.run(member);
                if (sticky && index != first && start.compareAndSet(first, index)) {
                    onSwitch.switched(members.get(first), member, null);
                }
                return result;
            } catch (Exception e) {
                boolean anotherLeft = i + 1 < size;
                Verdict verdict = judge.judge(member, e, anotherLeft);
                if (verdict.next() == Next.TRY_NEXT && anotherLeft) {
                    continue;
                }
                if (verdict.next() == Next.FAIL_AND_MOVE_ON && sticky && size > 1) {
                    int next = (index + 1) % size;
                    if (start.compareAndSet(first, next)) {
                        onSwitch.switched(member, members.get(next), e);
                    }
                }
                throw verdict.failure();
            }
        }
        throw new IllegalStateException("unreachable: every member was tried");
    }

    /** The member a sticky set starts at now. */
    public R current() {
        return members.get(Math.floorMod(start.get(), members.size()));
    }

    /** The members, in their given order. */
    public List<R> members() {
        return members;
    }

    /** Whether any member is live. */
    public boolean anyLive() {
        for (R member : members) {
            if (live.test(member)) {
                return true;
            }
        }
        return false;
    }

    /** The member indexes from {@code first} on, wrapping, live members before the others. */
    int[] order(int first) {
        int size = members.size();
        int[] order = new int[size];
        int next = 0;
        for (int i = 0; i < size; i++) {
            int index = (first + i) % size;
            if (live.test(members.get(index))) {
                order[next++] = index;
            }
        }
        for (int i = 0; i < size; i++) {
            int index = (first + i) % size;
            if (!live.test(members.get(index))) {
                order[next++] = index;
            }
        }
        return order;
    }
}
