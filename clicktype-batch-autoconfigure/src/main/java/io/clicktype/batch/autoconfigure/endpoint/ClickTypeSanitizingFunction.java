package io.clicktype.batch.autoconfigure.endpoint;

import io.clicktype.batch.ConnectionConfig;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Keeps the ClickHouse credentials out of the {@code configprops} and {@code env} endpoints even when they show
 * values ({@code management.endpoint.*.show-values: always}): the value of any key ending in {@code password}
 * ({@code clicktype.batch.clickhouse.password}, {@code trust-store-password}, {@code CLICKTYPE_BATCH_..._PASSWORD},
 * and the {@code password} of a bean's nested group) is masked, and the user info of a ClickHouse url (its
 * {@code user:password@}) is removed. Other values pass unchanged, to the next function.
 */
public final class ClickTypeSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        String key = data.getLowerCaseKey().replace('_', '.').replace("-", "");
        if (key.endsWith("password")) {
            return data.withSanitizedValue();
        }
        if (data.getValue() instanceof CharSequence text && text.toString().contains("@")
                && (key.endsWith("url") || key.contains("clickhouse") || key.contains("clicktype"))) {
            String shown = ConnectionConfig.withoutUserInfo(text.toString());
            return shown.equals(text.toString()) ? data : data.withValue(shown);
        }
        return data;
    }
}
