package io.clicktype.batch.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

    @Test
    void distanceCountsEdits() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
        assertThat(ClosestName.distance("events", "events")).isZero();
        assertThat(ClosestName.distance("shpo", "shop")).as("a swap of neighbours is one edit").isEqualTo(1);
        assertThat(ClosestName.distance("ca", "abc")).isEqualTo(3);
    }

    @Test
    void closestIgnoringCaseFindsACaseOnlyDifference() {
        assertThat(ClosestName.closest("Events", List.of("clicks", "events"), ClosestName.IGNORING_CASE))
                .isEqualTo("events");
        assertThat(ClosestName.closest("x", List.of(), ClosestName.IGNORING_CASE)).isNull();
    }

    @Test
    void likelyMeantOnlyForATypoNotForAnyName() {
        assertThat(ClosestName.likelyMeant("events_locl", List.of("events_local", "page_views"))).isEqualTo("events_local");
        assertThat(ClosestName.likelyMeant("EVENTS", List.of("events"))).isEqualTo("events");
        assertThat(ClosestName.likelyMeant("orders", List.of("page_views", "clicks"))).isNull();
        assertThat(ClosestName.likelyMeant("a", List.of("b"))).as("one edit is always allowed").isEqualTo("b");
    }
}
