package com.cifarlab.classroom;

import com.cifarlab.config.CifarLabProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The class settings, starting from the server's per-student limits until the instructor saves their own. */
@Configuration(proxyBeanMethods = false)
class ClassroomConfiguration {

    @Bean
    ClassSettingsService classSettingsService(CifarLabProperties properties) {
        return new ClassSettingsService(properties.runsDir(),
                ClassSettings.initial(properties.maxRunning(), properties.maxWaiting()));
    }
}
