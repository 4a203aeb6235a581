package io.clicktype.samples.clickstream;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.RowRejectedException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the batcher's exceptions mean to an HTTP client, for every controller: a row that cannot fit its table
 * ({@link RowRejectedException}) is the client's fault, 400, and sending it again will not help; a queue that
 * stayed full for {@code max-block} ({@link BatchQueueFullException}) is a passing overload, 503 with
 * {@code Retry-After}, so the client slows down and retries. Without this they are a bare 500.
 */
@RestControllerAdvice
public class IngestionErrors {

    /** 400 naming the column, so the client can fix the row. */
    @ExceptionHandler(RowRejectedException.class)
    ResponseEntity<Map<String, Object>> rejected(RowRejectedException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "column", e.column()));
    }

    /** 503 while ClickHouse is away (a read such as {@code /stats}), one line instead of a logged stack trace. */
    @ExceptionHandler(ClickHouseSql.Unreachable.class)
    ResponseEntity<Map<String, Object>> unreachable(ClickHouseSql.Unreachable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Map.of("error", e.getMessage()));
    }

    /** 503 with a retry hint: nothing was accepted, the same request may be sent again. */
    @ExceptionHandler(BatchQueueFullException.class)
    ResponseEntity<Map<String, Object>> full(BatchQueueFullException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Map.of("error", e.getMessage()));
    }
}
