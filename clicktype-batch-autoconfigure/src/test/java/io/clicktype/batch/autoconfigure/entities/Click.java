package io.clicktype.batch.autoconfigure.entities;

import io.clicktype.batch.ClickTable;

@ClickTable("clicks")
public record Click(long id, String button) {
}
