package com.cifarlab.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Wrong instructor passwords, counted per account and per client address. From the fifth wrong
 * try on, each key is refused for a time that doubles with every further wrong try (30 s, 1 min,
 * 2 min, … up to 15 min), and a refused try is answered without computing a password hash. A
 * right password clears the address that gave it and the account.
 */
@Component
public class LoginThrottle {

    static final int FREE_TRIES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    /** Addresses kept at most; past it, those no longer locked are forgotten first. */
    private static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long a try for {@code account} from {@code address} must still wait; empty when it may go ahead. */
    public Optional<Duration> refusal(String account, String address) {
        Instant now = clock.instant();
        return longest(wait(accountKey(account), now), wait(addressKey(address), now));
    }

    public void failed(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> f.lockedUntil() == null || !f.lockedUntil().isAfter(now));
        }
        for (String key : new String[] {accountKey(account), addressKey(address)}) {
            failures.compute(key, (k, old) -> {
                int count = old == null ? 1 : old.count() + 1;
                return new Failures(count, count < FREE_TRIES ? null : now.plus(lockFor(count)));
            });
        }
    }

    public void succeeded(String account, String address) {
        failures.remove(accountKey(account));
        failures.remove(addressKey(address));
    }

    static Duration lockFor(int wrongTries) {
        int doublings = Math.min(wrongTries - FREE_TRIES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }

    private Optional<Duration> wait(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.lockedUntil() == null || !f.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }

    private static String accountKey(String account) {
        return "account:" + String.valueOf(account).strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
