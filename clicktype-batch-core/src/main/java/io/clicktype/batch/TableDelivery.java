package io.clicktype.batch;

/**
 * The delivery guarantee that really holds for a table, with why, and what would make it exactly-once.
 *
 * @param guarantee what a retry or replay of a batch that had landed does
 * @param reason    why, naming the engine, the deduplication window or the server, e.g.
 *                  {@code MergeTree with non_replicated_deduplication_window = 0 (the server's default)}
 * @param fix       one statement or setting that would make it {@link DeliveryGuarantee#EXACTLY_ONCE}, or
 *                  {@code null} when it already is
 */
public record TableDelivery(DeliveryGuarantee guarantee, String reason, String fix) {

    /** Whether a batch sent again is stored once. */
    public boolean exactlyOnce() {
        return guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }

    /** One line for logs: guarantee, reason and fix. */
    public String describe() {
        return (exactlyOnce() ? "exactly-once" : "at-least-once") + " (" + reason + ")"
                + (fix == null ? "" : "; to make it exactly-once: " + fix);
    }
}
