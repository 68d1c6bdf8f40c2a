package dev.meridian.gateway.exec;

/**
 * Thrown through the engine when a region failed a store call the evaluation made (rather than
 * one made before it): the evaluation started with the region's results, so it starts over
 * without them.
 */
final class RegionFailedDuringEvaluation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RegionFailedDuringEvaluation(String region) {
        super("region " + region + " failed during evaluation", null, false, false);
    }
}
