package com.cifarlab.dataset;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many images of each class every subset holds.
 *
 * @param classNames the class names, in label order
 * @param perSubset  for each subset, its count per class in label order
 */
public record ClassCounts(List<String> classNames, Map<Subset, List<Integer>> perSubset) {

    public ClassCounts {
        classNames = List.copyOf(classNames);
        Map<Subset, List<Integer>> copy = new EnumMap<>(Subset.class);
        perSubset.forEach((subset, counts) -> copy.put(subset, List.copyOf(counts)));
        perSubset = java.util.Collections.unmodifiableMap(copy);
    }

    public List<Integer> of(Subset subset) {
        return perSubset.get(subset);
    }

    public int total(Subset subset) {
        return of(subset).stream().mapToInt(Integer::intValue).sum();
    }
}
