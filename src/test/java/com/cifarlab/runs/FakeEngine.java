package com.cifarlab.runs;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The real Spring context with the fake trainer in place of DL4J, for API tests. */
@TestConfiguration
public class FakeEngine {

    @Bean
    @Primary
    public FakeTrainer fakeTrainer() {
        return new FakeTrainer();
    }
}
