package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one failover mechanism: order of members, what a judged failure leads to, sticky and rotating starts. */
class ReplicaSetTest {

    private static final TransportException LOST = new TransportException("lost", true, 0, 0, null);
    private static final TransportException REFUSED_FOR_GOOD = new TransportException("bad", false, 60, 404, null);

    private final List<String> tried = new ArrayList<>();
    private final List<String> switches = new ArrayList<>();

    /** Fails on the members in {@code failing} with {@code failure}, answers with the member's name elsewhere. */
    private ReplicaSet.Attempt<String, String> attempt(Set<String> failing, TransportException failure) {
        return member -> {
            tried.add(member);
            if (failing.contains(member)) {
                throw failure;
            }
            return member;
        };
    }

    private static ReplicaSet.Judge<String> always(ReplicaSet.Next next) {
        return (member, failure, anotherLeft) -> new ReplicaSet.Verdict((TransportException) failure, next);
    }

    private void switched(String from, String to, Exception cause) {
        switches.add(from + "->" + to + (cause == null ? "" : " after " + cause.getMessage()));
    }

    @Test
    void aStickySetKeepsUsingTheMemberThatAnsweredAndSwitchesOnceAnotherAnswersInstead() {
        ReplicaSet<String> set = ReplicaSet.sticky(List.of("a", "b", "c"));

        assertThat(set.call(attempt(Set.of(), LOST), always(ReplicaSet.Next.TRY_NEXT), this::switched)).isEqualTo("a");
        assertThat(set.call(attempt(Set.of("a"), LOST), always(ReplicaSet.Next.TRY_NEXT), this::switched))
                .isEqualTo("b");
        assertThat(set.call(attempt(Set.of(), LOST), always(ReplicaSet.Next.TRY_NEXT), this::switched)).isEqualTo("b");

        assertThat(tried).containsExactly("a", "a", "b", "b");
        assertThat(switches).containsExactly("a->b");
        assertThat(set.current()).isEqualTo("b");
    }

    @Test
    void aFailureThatMovesOnIsThrownAndTheNextRequestStartsAtTheNextMember() {
        ReplicaSet<String> set = ReplicaSet.sticky(List.of("a", "b"));

        assertThatThrownBy(() -> set.call(attempt(Set.of("a"), LOST), always(ReplicaSet.Next.FAIL_AND_MOVE_ON),
                this::switched)).isSameAs(LOST);

        assertThat(tried).containsExactly("a");
        assertThat(switches).containsExactly("a->b after lost");
        assertThat(set.current()).isEqualTo("b");
    }

    @Test
    void aFailureThatDoesNotMoveOnLeavesTheStartWhereItWas() {
        ReplicaSet<String> set = ReplicaSet.sticky(List.of("a", "b"));

        assertThatThrownBy(() -> set.call(attempt(Set.of("a"), REFUSED_FOR_GOOD), always(ReplicaSet.Next.FAIL),
                this::switched)).isSameAs(REFUSED_FOR_GOOD);

        assertThat(tried).containsExactly("a");
        assertThat(switches).isEmpty();
        assertThat(set.current()).isEqualTo("a");
    }

    @Test
    void theJudgeIsToldWhetherAnotherMemberIsLeftAndTheLastFailureIsThrownWhenNoneIs() {
        ReplicaSet<String> set = ReplicaSet.sticky(List.of("a", "b"));
        List<Boolean> anotherLeft = new ArrayList<>();

        assertThatThrownBy(() -> set.call(attempt(Set.of("a", "b"), LOST), (member, failure, another) -> {
            anotherLeft.add(another);
            return new ReplicaSet.Verdict(new TransportException("at " + member, true, 0, 0, null),
                    ReplicaSet.Next.TRY_NEXT);
        }, this::switched)).hasMessage("at b");

        assertThat(anotherLeft).containsExactly(true, false);
    }

    @Test
    void aRotatingSetStartsEachRequestOneMemberFurtherOnAndTriesDownMembersLast() {
        Set<String> down = Set.of("b");
        ReplicaSet<String> set = ReplicaSet.rotating(List.of("a", "b", "c"), member -> !down.contains(member),
                new AtomicInteger());

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answered.add(set.call(attempt(Set.of(), LOST), always(ReplicaSet.Next.TRY_NEXT), null));
        }

        assertThat(answered).containsExactly("a", "c", "c");
        assertThat(set.order(1)).containsExactly(2, 0, 1);
        assertThat(set.anyLive()).isTrue();
        assertThat(ReplicaSet.rotating(List.of("b"), member -> !down.contains(member), new AtomicInteger()).anyLive())
                .isFalse();
    }

    @Test
    void aRotatingSetTriesEveryMemberLiveFirstUntilOneAnswers() {
        Set<String> down = Set.of("a");
        ReplicaSet<String> set = ReplicaSet.rotating(List.of("a", "b", "c"), member -> !down.contains(member),
                new AtomicInteger());

        assertThat(set.call(attempt(Set.of("b", "c"), LOST), always(ReplicaSet.Next.TRY_NEXT), null)).isEqualTo("a");

        assertThat(tried).containsExactly("b", "c", "a");
    }

    @Test
    void membersOfARefreshedSetShareTheTurn() {
        AtomicInteger turn = new AtomicInteger();
        ReplicaSet<String> before = ReplicaSet.rotating(List.of("a", "b"), member -> true, turn);
        before.call(attempt(Set.of(), LOST), always(ReplicaSet.Next.TRY_NEXT), null);

        ReplicaSet<String> after = before.withMembers(List.of("x", "y"));

        assertThat(after.call(attempt(Set.of(), LOST), always(ReplicaSet.Next.TRY_NEXT), null)).isEqualTo("y");
        assertThat(turn.get()).isEqualTo(2);
    }

    @Test
    void anEmptySetIsRefused() {
        assertThatThrownBy(() -> ReplicaSet.sticky(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one member");
    }
}
