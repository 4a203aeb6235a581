package io.clicktype.samples.clickstream;

import io.clicktype.batch.TableRef;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the sample's database and table when the application starts — before the batchers start and
 * validate the table. The DDL works on ClickHouse 18.16 and on current releases.
 */
@Component
public class SchemaInitializer {

    public SchemaInitializer(ClickHouseSql sql, @Value("${clicktype.batch.clickhouse.database:default}") String database) {
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("clicktype.batch.clickhouse.database is empty; name a database");
        }
        // Quoted and escaped like every name the batcher sends, so any database name works.
        sql.execute(null, "CREATE DATABASE IF NOT EXISTS " + TableRef.quote(database));
        sql.execute(database, """
                CREATE TABLE IF NOT EXISTS page_views (
                    ts DateTime,
                    url String,
                    user_id UInt64,
                    country String,
                    duration_ms UInt32,
                    day Date DEFAULT toDate(ts)
                ) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, user_id)""");
    }
}
