package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Numbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code count_values("label", v)}: counts the samples per distinct value, per group. The value
 * becomes a label, so the output series depend on the data; this operator therefore evaluates its
 * operand completely when its series are first asked for, and then replays the steps.
 */
final class CountValuesOperator extends BaseOperator {
    private final VectorOperator child;
    private final String valueLabel;
    private final List<String> grouping;
    private final boolean without;
    private List<int[]> stepIds;
    private List<double[]> stepCounts;
    private int replayed;

    CountValuesOperator(StepGrid grid, QueryContext ctx, VectorOperator child, String valueLabel, List<String> grouping,
            boolean without) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.valueLabel = requireNonNull(valueLabel, "valueLabel is null");
        List<String> groupBy = new ArrayList<>(grouping);
        if (!without) {
            groupBy.add(valueLabel);
        }
        this.grouping = List.copyOf(groupBy);
        this.without = without;
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> inputs = child.series();
        Map<Labels, Integer> ids = new HashMap<>();
        List<Labels> outputs = new ArrayList<>();
        stepIds = new ArrayList<>();
        stepCounts = new ArrayList<>();
        StepVector[] batch;
        while ((batch = child.next()) != null) {
            for (StepVector step : batch) {
                Map<Integer, Integer> counts = new LinkedHashMap<>();
                for (int j = 0; j < step.size(); j++) {
                    Labels labels = inputs.get(step.id(j)).toBuilder()
                            .set(valueLabel, Numbers.format(step.value(j)))
                            .build();
                    Labels group = AggregationOperator.groupLabels(labels, grouping, without);
                    Integer id = ids.get(group);
                    if (id == null) {
                        id = outputs.size();
                        ids.put(group, id);
                        outputs.add(group);
                    }
                    counts.merge(id, 1, Integer::sum);
                }
                int[] stepIdArray = new int[counts.size()];
                double[] stepCountArray = new double[counts.size()];
                int n = 0;
                for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
                    stepIdArray[n] = entry.getKey();
                    stepCountArray[n] = entry.getValue();
                    n++;
                }
                ctx.acquireSamples(n);
                stepIds.add(stepIdArray);
                stepCounts.add(stepCountArray);
            }
        }
        return outputs;
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        for (StepVector step : batch) {
            int[] ids = stepIds.get(replayed);
            double[] counts = stepCounts.get(replayed);
            for (int j = 0; j < ids.length; j++) {
                step.add(ids[j], counts[j]);
            }
            ctx.releaseSamples(ids.length);
            replayed++;
        }
    }

    @Override
    public void close() {
        child.close();
    }
}
