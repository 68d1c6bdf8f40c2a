package dev.meridian.storage.query;

/** The parts one source holds for a selection, in label order. */
interface PartCursor {
    /** Advances; false when there are no more. */
    boolean next();

    SeriesPart at();
}
