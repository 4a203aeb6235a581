package io.clicktype.samples.clickstream;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableRef;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The batcher's exceptions become 400 and 503 for the HTTP client, not a bare 500; no server, no ClickHouse. */
class IngestionErrorsTest {

    private static final String ONE_VIEW = "[{\"ts\":\"2024-05-01T10:00:00Z\",\"url\":\"/a\",\"userId\":1,"
            + "\"country\":\"DE\",\"durationMs\":1}]";

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

    private static MockMvc mvc(RuntimeException thrown) {
        EventsController controller = new EventsController(new ThrowingHandle(thrown), null, "default");
        return MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(new IngestionErrors()).build();
    }

    /** A handle whose every insert throws what the batcher would. */
    private record ThrowingHandle(RuntimeException error) implements BatcherHandle<PageView> {
        @Override public void insert(PageView row) { throw error; }
        @Override public CompletionStage<FlushStats> submit(PageView row) { throw error; }
        @Override public boolean tryInsert(PageView row) { throw error; }
        @Override public void insertMany(Collection<? extends PageView> rows) { throw error; }
        @Override public CompletableFuture<FlushStats> flush() { return CompletableFuture.completedFuture(null); }
        @Override public int queuedRows() { return 0; }
        @Override public TableRef table() { return new TableRef(null, "page_views"); }
    }
}
