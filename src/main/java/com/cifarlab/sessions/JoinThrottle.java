package com.cifarlab.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins and resumes per client address: a bucket of {@code perMinute} tries that refills at that
 * rate. A whole class behind one school address can join at once; a script that opens sessions by
 * the thousand, or guesses class and resume codes, is slowed to that rate.
 */
final class JoinThrottle {

    /** Addresses kept at most; past it, the full buckets (addresses idle for a minute) are forgotten. */
    private static final int MAX_ADDRESSES = 10_000;

    private record Bucket(double tries, Instant at) {
    }

    private final Clock clock;
    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    JoinThrottle(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Takes one try for {@code address}; empty when it may go ahead, else how long to wait. */
    Optional<Duration> take(String address) {
        Instant now = clock.instant();
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.values().removeIf(bucket -> refilled(bucket, now) >= perMinute);
        }
        boolean[] allowed = new boolean[1];
        Bucket after = buckets.compute(String.valueOf(address), (key, old) -> {
            double tries = old == null ? perMinute : refilled(old, now);
            allowed[0] = tries >= 1;
            return new Bucket(allowed[0] ? tries - 1 : tries, now);
        });
        if (allowed[0]) {
            return Optional.empty();
        }
        double missing = 1 - after.tries();
        return Optional.of(Duration.ofMillis((long) Math.ceil(missing * 60_000 / perMinute)));
    }

    private double refilled(Bucket bucket, Instant now) {
        double minutes = Duration.between(bucket.at(), now).toMillis() / 60_000.0;
        return Math.min(perMinute, bucket.tries() + minutes * perMinute);
    }
}
