package com.cifarlab.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The instructor's password check, for HTTP Basic and the login form alike, behind two guards: a
 * try the {@link LoginThrottle} refuses is answered at once without hashing, and at most one
 * password hash is computed at a time, so that guessing cannot take the cores that training
 * runs need (eight threads of wrong tries had slowed a run's epochs sevenfold).
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private static final Duration HASH_WAIT = Duration.ofSeconds(5);

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final Semaphore oneHashAtATime = new Semaphore(1, true);

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String account = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown";
        var refusal = throttle.refusal(account, address);
        if (refusal.isPresent()) {
            throw new LoginThrottledException(refusal.get());
        }
        boolean acquired;
        try {
            acquired = oneHashAtATime.tryAcquire(HASH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new LoginThrottledException(Duration.ofSeconds(1));
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.succeeded(account, address);
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(account, address);
            throw e;
        } finally {
            oneHashAtATime.release();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
