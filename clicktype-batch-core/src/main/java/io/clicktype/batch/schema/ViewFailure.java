package io.clicktype.batch.schema;

import io.clicktype.batch.transport.FailureClassifier;

/**
 * An insert that failed inside a materialized view the target table pushes to: ClickHouse adds
 * "while pushing to view db.view" to the view's error (18.16 and current servers alike; {@code
 * PushingToViews*} in its source). The target table has already stored the batch's rows by then (the views run
 * after the table's block is written), and the view has not; sending the batch again stores the source rows a
 * second time unless the table drops it by its deduplication token. So such a batch is never retried, never
 * replayed on its own, and never reported as a change of the target table.
 */
public final class ViewFailure {

    private ViewFailure() {
    }

    /** Whether {@code failure} (or a cause of it) is a server error raised in a dependent materialized view. */
    public static boolean is(Throwable failure) {
        return view(failure) != null;
    }

    /** The view's name as the server gave it ({@code db.view}), or {@code null} when the failure is not a view's. */
    public static String view(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String view = FailureClassifier.viewOf(t.getMessage());
            if (view != null) {
                return view;
            }
        }
        return null;
    }
}
