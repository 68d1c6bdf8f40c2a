package dev.meridian.gateway.plan;

/**
 * The label every region adds to its series. Its value differs between regions, so two regions'
 * series never share a label set, and a result that keeps it is a disjoint union over regions.
 */
public final class RegionLabel {
    /** {@code region}. */
    public static final String NAME = "region";

    private RegionLabel() {}
}
