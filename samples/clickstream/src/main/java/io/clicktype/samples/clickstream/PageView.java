package io.clicktype.samples.clickstream;

import io.clicktype.batch.ClickTable;
import java.time.Instant;

/** One page view: the row type of table {@code page_views}, and the JSON body of {@code POST /events}. */
@ClickTable("page_views")
public record PageView(Instant ts, String url, long userId, String country, long durationMs) {
}
