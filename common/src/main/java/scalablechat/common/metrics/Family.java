package scalablechat.common.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One metric with labels: a child (counter, gauge or histogram) per combination of label values,
 * made on first use. Keep the values few and bounded (a route pattern, a status, an outcome), never
 * something a client chooses freely: every combination is a time series for as long as the process runs.
 */
public final class Family<T> {
    private final List<String> labelNames;
    private final Supplier<T> factory;
    private final Map<List<String>, T> children = new ConcurrentHashMap<>();

    Family(List<String> labelNames, Supplier<T> factory) {
        this.labelNames = labelNames;
        this.factory = factory;
    }

    /** The child for these label values, in the order the labels were declared. */
    public T labels(String... values) {
        List<String> key = Arrays.asList(values);
        T child = children.get(key);
        if (child != null) {
            return child;
        }
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException("expected values for " + labelNames + ", got " + key);
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("label values can't be null: " + key);
            }
        }
        return children.computeIfAbsent(List.copyOf(key), k -> factory.get());
    }

    List<String> labelNames() {
        return labelNames;
    }

    /** The children, ordered by their label values so that scrapes are stable. */
    List<Map.Entry<List<String>, T>> sortedChildren() {
        List<Map.Entry<List<String>, T>> sorted = new ArrayList<>(children.entrySet());
        sorted.sort((a, b) -> compare(a.getKey(), b.getKey()));
        return sorted;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
