package com.cifarlab.dataset;

import java.util.List;

/**
 * One page of images from a subset, optionally of one class only.
 *
 * @param samples  the images on this page, in batch order
 * @param page     this page's number, from 0
 * @param pageSize how many images a full page holds
 * @param total    how many images match over all pages
 */
public record SamplePage(List<Sample> samples, int page, int pageSize, int total) {

    public SamplePage {
        samples = List.copyOf(samples);
    }

    public int pageCount() {
        return Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page < pageCount() - 1;
    }

    /** The 1-based position of this page's first image, or 0 when nothing matches. */
    public int firstPosition() {
        return samples.isEmpty() ? 0 : page * pageSize + 1;
    }

    /** The 1-based position of this page's last image, or 0 when nothing matches. */
    public int lastPosition() {
        return samples.isEmpty() ? 0 : page * pageSize + samples.size();
    }
}
