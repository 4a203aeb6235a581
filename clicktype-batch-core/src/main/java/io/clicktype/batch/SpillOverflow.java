package io.clicktype.batch;

/** Which batches a full spill directory gives up; every dropped row is counted and logged at ERROR. */
public enum SpillOverflow {
    /** Delete the oldest spill files to make room for the new batch. */
    DROP_OLDEST,
    /** Keep the files; drop the new batch. */
    DROP_NEWEST
}
