package com.cifarlab.testdata;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The application's clock replaced by one the test moves ({@code @Autowired TestClock}). */
@TestConfiguration(proxyBeanMethods = false)
public class ManualClockConfiguration {

    @Bean
    @Primary
    public TestClock testClock() {
        return TestClock.manual(Instant.parse("2026-12-01T09:00:00Z"));
    }
}
