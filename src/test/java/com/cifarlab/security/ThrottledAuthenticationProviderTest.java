package com.cifarlab.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.testdata.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class ThrottledAuthenticationProviderTest {

    private final TestClock clock = TestClock.manual(Instant.parse("2026-12-01T09:00:00Z"));
    private final AtomicInteger hashes = new AtomicInteger();
    private final AtomicInteger hashingNow = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile CountDownLatch hashGate;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    /** Checks "right" as the password, counting the hashes it computes and how many run at once. */
    private final AuthenticationProvider passwords = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            hashes.incrementAndGet();
            mostAtOnce.accumulateAndGet(hashingNow.incrementAndGet(), Math::max);
            try {
                CountDownLatch gate = hashGate;
                if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hashingNow.decrementAndGet();
            }
            if (!"right".equals(authentication.getCredentials())) {
                throw new BadCredentialsException("wrong");
            }
            return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of());
        }

        @Override
        public boolean supports(Class<?> type) {
            return true;
        }
    };

    private final ThrottledAuthenticationProvider provider =
            new ThrottledAuthenticationProvider(passwords, new LoginThrottle(clock));

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneIsRefusedWithoutHashingUntilTheLockEnds() {
        for (int i = 0; i < 20; i++) {
            try {
                provider.authenticate(attempt("wrong", "192.0.2.7"));
            } catch (BadCredentialsException | LoginThrottledException e) {
                // counted below
            }
        }

        assertThat(hashes).as("only the five free tries were hashed").hasValue(5);
        assertThatThrownBy(() -> provider.authenticate(attempt("right", "192.0.2.7")))
                .isInstanceOf(LoginThrottledException.class)
                .hasMessage("Too many wrong passwords: wait 30 seconds before the next try.")
                .satisfies(e -> assertThat(((LoginThrottledException) e).retryAfterSeconds()).isEqualTo(30));
        assertThat(hashes).hasValue(5);

        clock.advance(Duration.ofSeconds(30));
        assertThat(provider.authenticate(attempt("right", "192.0.2.7")).isAuthenticated()).isTrue();
    }

    @Test
    void atMostOnePasswordHashIsComputedAtATime() throws Exception {
        hashGate = new CountDownLatch(1);
        List<Future<?>> tries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String address = "198.51.100." + i;
            tries.add(threads.submit(() -> provider.authenticate(attempt("right", address))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hashingNow.get() == 1);

        hashGate.countDown();
        for (Future<?> t : tries) {
            t.get(20, TimeUnit.SECONDS);
        }

        assertThat(hashes).hasValue(4);
        assertThat(mostAtOnce).hasValue(1);
    }

    private static Authentication attempt(String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated("instructor", password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }
}
