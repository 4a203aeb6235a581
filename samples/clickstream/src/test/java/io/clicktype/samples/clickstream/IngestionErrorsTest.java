package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.RecordingBatcherHandle;
import io.clicktype.batch.RowRejectedException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The batcher's exceptions become 400 and 503 for the HTTP client, not a bare 500; no server, no ClickHouse. */
class IngestionErrorsTest {

    private static final String ONE_VIEW = "[{\"ts\":\"2024-05-01T10:00:00Z\",\"url\":\"/a\",\"userId\":1,"
            + "\"country\":\"DE\",\"durationMs\":1}]";

    @Test
    void anAcceptedRowIs202AndReachesTheHandle() throws Exception {
        RecordingBatcherHandle<PageView> pageViews = RecordingBatcherHandle.forRowType(PageView.class);
        MockMvcBuilders.standaloneSetup(new EventsController(pageViews, null, "default"))
                .setControllerAdvice(new IngestionErrors()).build()
                .perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(ONE_VIEW))
                .andExpect(status().isAccepted());
        assertThat(pageViews.rows()).extracting(PageView::url).containsExactly("/a");
    }

    @Test
    void aRejectedRowIs400NamingTheColumn() throws Exception {
        mvc(new RowRejectedException("page_views", "user_id", "-1 does not fit UInt32"))
                .perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(ONE_VIEW))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.column").value("user_id"));
    }

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        mvc(new BatchQueueFullException("queue of page_views full for 5s"))
                .perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(ONE_VIEW))
                .andExpect(status().isServiceUnavailable()).andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void statsWhileClickHouseIsAwayIs503InOneLine() throws Exception {
        // nothing listens on port 9 (discard): the read fails to connect, as during an outage
        ClickHouseSql away = new ClickHouseSql("http://127.0.0.1:9", "default", "");
        MockMvcBuilders.standaloneSetup(new EventsController(RecordingBatcherHandle.forRowType(PageView.class), away,
                        "default")).setControllerAdvice(new IngestionErrors()).build()
                .perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/stats"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("is unreachable")));
    }

    private static MockMvc mvc(RuntimeException thrown) {
        // The starter's in-memory handle: records rows, or throws what a real one would.
        RecordingBatcherHandle<PageView> pageViews = RecordingBatcherHandle.forRowType(PageView.class);
        pageViews.failWith(thrown);
        EventsController controller = new EventsController(pageViews, null, "default");
        return MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(new IngestionErrors()).build();
    }
}
