package io.clicktype.batch.autoconfigure.entities;

import io.clicktype.batch.ClickTable;

@ClickTable("page_views")
public record PageView(long id, String url) {
}
