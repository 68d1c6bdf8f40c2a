package dev.meridian.promql.engine.internal;

import java.util.Arrays;

/**
 * The values of an operator at one evaluation step: pairs of output series id and value, in the
 * operator's output order. Series without a value at this step are absent.
 */
public final class StepVector {
    private final long timestamp;
    private int[] ids;
    private double[] values;
    private int size;

    public StepVector(long timestamp, int capacity) {
        this.timestamp = timestamp;
        this.ids = new int[Math.max(capacity, 1)];
        this.values = new double[Math.max(capacity, 1)];
    }

    public long timestamp() {
        return timestamp;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int id(int index) {
        return ids[index];
    }

    public double value(int index) {
        return values[index];
    }

    public void add(int id, double value) {
        if (size == ids.length) {
            int capacity = ids.length * 2;
            ids = Arrays.copyOf(ids, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        ids[size] = id;
        values[size] = value;
        size++;
    }
}
