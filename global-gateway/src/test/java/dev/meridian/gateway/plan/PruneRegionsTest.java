package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.AP;
import static dev.meridian.gateway.plan.TestRegions.EU;
import static dev.meridian.gateway.plan.TestRegions.HOUR;
import static dev.meridian.gateway.plan.TestRegions.T0;
import static dev.meridian.gateway.plan.TestRegions.US;
import static dev.meridian.gateway.plan.TestRegions.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneRegionsTest {
    private static SelectorRead read(String selector, long start, long end) {
        return new SelectorRead(Parser.parseSelector(selector).matchers(), start, end);
    }

    @Test
    void regionsWhoseExternalLabelsNoSelectorAcceptsAreSkipped() {
        // before: every region gets the pushdown; after: only eu-west.
        DistributedPlan plan = plan("sum(rate(x{region=~\"eu-.*\"}[5m]))");
        RegionTargets targets = plan.pushdowns().get(0).targets();
        assertThat(targets.regions()).containsExactly("eu-west");
        assertThat(targets.pruned()).extracting(PrunedRegion::region).containsExactly("us-east", "ap-south");
        assertThat(targets.pruned().get(0).reason())
                .isEqualTo("external label region=\"us-east\" does not match region=~\"eu-.*\"");
    }

    @Test
    void everyKindOfMatcherOnAnExternalLabelPrunes() {
        long t = T0 + 6 * HOUR;
        assertThat(PruneRegions.reasonToSkip(read("x{region=\"eu-west\"}", t, t), US)).isNotNull();
        assertThat(PruneRegions.reasonToSkip(read("x{region=\"eu-west\"}", t, t), EU)).isNull();
        assertThat(PruneRegions.reasonToSkip(read("x{region!=\"us-east\"}", t, t), US)).isNotNull();
        assertThat(PruneRegions.reasonToSkip(read("x{region!~\"us.*|ap.*\"}", t, t), AP)).isNotNull();
        assertThat(PruneRegions.reasonToSkip(read("x{provider=\"gcp\"}", t, t), EU)).isNotNull();
        // us-east has no external label provider: its series may carry their own.
        assertThat(PruneRegions.reasonToSkip(read("x{provider=\"gcp\"}", t, t), US)).isNull();
        // A matcher on a label no region adds never prunes.
        assertThat(PruneRegions.reasonToSkip(read("x{job=\"nope\"}", t, t), US)).isNull();
    }

    @Test
    void regionsWithoutDataInTheTimeReadAreSkipped() {
        DistributedPlan plan = plan("sum(rate(x[5m] offset 4h))");
        RegionTargets targets = plan.pushdowns().get(0).targets();
        assertThat(targets.regions()).containsExactly("eu-west", "us-east");
        assertThat(targets.pruned()).singleElement().satisfies(p -> {
            assertThat(p.region()).isEqualTo("ap-south");
            assertThat(p.reason()).startsWith("holds samples in [" + (T0 + 5 * HOUR) + ", " + (T0 + 10 * HOUR) + "] only");
        });
        RegionInfo empty = new RegionInfo("new", Labels.of("region", "new"), 1, 0, 300_000);
        assertThat(PruneRegions.reasonToSkip(read("x", 0, T0), empty)).isEqualTo("holds no samples yet");
    }

    @Test
    void aRegionStaysIfAnySelectorMayMatchThere() {
        RegionTargets targets = PruneRegions.prune(List.of(read("x{region=\"eu-west\"}", T0, T0 + HOUR),
                read("y{region=\"us-east\"}", T0, T0 + HOUR)), TestRegions.ALL);
        assertThat(targets.regions()).containsExactly("eu-west", "us-east");
        assertThat(targets.pruned()).singleElement().extracting(PrunedRegion::reason).isEqualTo(
                "external label region=\"ap-south\" does not match region=\"eu-west\"; "
                        + "external label region=\"ap-south\" does not match region=\"us-east\"");
    }

    @Test
    void rawSelectionsArePrunedToo() {
        DistributedPlan plan = plan("absent_over_time(x{region=\"us-east\"}[5m])");
        assertThat(plan.rawSelections().get(0).targets().regions()).containsExactly("us-east");
    }
}
