package com.cifarlab.sessions;

import com.cifarlab.config.CifarLabProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The class's lab sessions, kept in the runs folder, and the hourly end of the inactive ones. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SessionsConfiguration {

    @Bean
    LabSessionService labSessionService(ObjectProvider<Clock> clock, SessionProperties sessions,
                                        CifarLabProperties properties) {
        return new LabSessionService(clock.getIfAvailable(Clock::systemUTC), sessions, properties.runsDir());
    }

    @Bean
    SessionExpiry sessionExpiry(LabSessionService sessions) {
        return new SessionExpiry(sessions);
    }

    /** Ends the sessions nobody used for the inactivity period, so their waiting runs free the queue. */
    static final class SessionExpiry {

        private final LabSessionService sessions;

        SessionExpiry(LabSessionService sessions) {
            this.sessions = sessions;
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
        void endExpired() {
            sessions.endExpired();
        }
    }
}
