package io.clicktype.batch.transport;

import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A {@link TextQuery} that answers from a function of the SQL and records every statement. */
final class FakeQuery implements TextQuery {

    final List<String> statements = new ArrayList<>();
    private final Function<String, String> answers;

    FakeQuery(Function<String, String> answers) {
        this.answers = answers;
    }

    @Override
    public String run(String sql, String operation, String table) {
        statements.add(sql);
        return answers.apply(sql);
    }

    /** What an old server's unknown-identifier error looks like after client-v2 0.9.9: code 0, HTTP 404. */
    static TransportException lostText404() {
        return new TransportException("failed: HTTP 404 [not retryable]", false, 0, 404, null);
    }
}
