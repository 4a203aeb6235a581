package io.clicktype.samples.clickstream;

import io.clicktype.batch.BatcherHandle;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events} (one page view or an array) into the batcher; {@code GET /stats} from ClickHouse. A row
 * the batcher refuses or a full queue become 400 and 503 in {@link IngestionErrors}.
 */
@RestController
public class EventsController {

    private final BatcherHandle<PageView> pageViews;
    private final ClickHouseSql sql;
    private final String database;

    public EventsController(BatcherHandle<PageView> pageViews, ClickHouseSql sql,
            @Value("${clicktype.batch.clickhouse.database:default}") String database) {
        this.pageViews = pageViews;
        this.sql = sql;
        this.database = database;
    }

    /** Accepts page views; 202 once queued (ClickHouse gets them with the next batch). */
    @PostMapping("/events")
    public ResponseEntity<Map<String, Object>> events(@RequestBody List<PageView> views) {
        if (views.size() == 1) {
            pageViews.insert(views.get(0));
        } else {
            pageViews.insertMany(views);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("accepted", views.size()));
    }

    /** Rows and distinct users in ClickHouse, read back with SQL. */
    @GetMapping("/stats")
    public Map<String, Object> stats() {
        String[] row = sql.execute(database, "SELECT count(), uniqExact(user_id) FROM page_views FORMAT TabSeparated")
                .trim().split("\t");
        return Map.of("rows", Long.parseLong(row[0]), "users", Long.parseLong(row[1]), "queued",
                pageViews.queuedRows());
    }
}
