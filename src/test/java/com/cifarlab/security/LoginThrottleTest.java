package com.cifarlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.testdata.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestClock clock = TestClock.manual(Instant.parse("2026-12-01T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fourWrongTriesCostNothingAndTheFifthLocksForThirtySeconds() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("instructor", "10.0.0.1");
            assertThat(throttle.refusal("instructor", "10.0.0.1")).isEmpty();
        }

        throttle.failed("instructor", "10.0.0.1");

        assertThat(throttle.refusal("instructor", "10.0.0.1")).hasValue(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.refusal("instructor", "10.0.0.1")).isEmpty();
    }

    @Test
    void eachFurtherWrongTryDoublesTheLockUpToFifteenMinutes() {
        assertThat(LoginThrottle.lockFor(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoginThrottle.lockFor(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.lockFor(9)).isEqualTo(Duration.ofMinutes(8));
        assertThat(LoginThrottle.lockFor(10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.lockFor(500)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theAccountIsLockedForEveryAddressAndAnAddressForEveryAccount() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("instructor", "10.0.0." + i);
        }

        assertThat(throttle.refusal("instructor", "10.0.0.99")).as("the account, from a new address").isPresent();
        assertThat(throttle.refusal("someone", "10.0.0.99")).isEmpty();
        for (int i = 0; i < 5; i++) {
            throttle.failed("guess" + i, "10.0.0.50");
        }
        assertThat(throttle.refusal("anyone", "10.0.0.50")).as("the address, for any account").isPresent();
    }

    @Test
    void theRightPasswordClearsTheCountOfItsAccountAndAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("instructor", "10.0.0.1");
        }

        throttle.succeeded("instructor", "10.0.0.1");
        throttle.failed("instructor", "10.0.0.1");

        assertThat(throttle.refusal("instructor", "10.0.0.1")).isEmpty();
    }
}
