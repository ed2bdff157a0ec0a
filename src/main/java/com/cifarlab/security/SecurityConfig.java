package com.cifarlab.security;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.runs.LabSessionService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two filter chains. The JSON API under {@code /api/**} is stateless: students authenticate
 * every request with their lab session's bearer token, the instructor with HTTP Basic; no
 * cookie is read or set, so CSRF protection has nothing to protect there and is off. Everything
 * else is the Vaadin UI with Vaadin's own setup (CSRF on, views guarded by their access
 * annotations) and form login on the route {@code login} for the instructor.
 */
@EnableWebSecurity
@Configuration
public class SecurityConfig {

    public static final String INSTRUCTOR_USER = "instructor";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, LabSessionService sessions, ObjectMapper json)
            throws Exception {
        ApiErrorResponses errors = new ApiErrorResponses(json);
        http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.realmName("CIFAR Lab").authenticationEntryPoint(errors.entryPoint()))
                .addFilterBefore(new SessionTokenFilter(sessions, errors.entryPoint()), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(errors.entryPoint())
                        .accessDeniedHandler(errors.accessDeniedHandler()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/sessions").permitAll()
                        .requestMatchers("/api/instructor/**").hasRole(Callers.INSTRUCTOR_ROLE)
                        .requestMatchers("/api/runs", "/api/runs/**")
                        .hasAnyRole(Callers.STUDENT_ROLE, Callers.INSTRUCTOR_ROLE)
                        // Unknown API paths reach the controllers' JSON "no such endpoint".
                        .anyRequest().permitAll());
        return http.build();
    }

    @Bean
    SecurityFilterChain vaadinSecurityFilterChain(HttpSecurity http) throws Exception {
        // By path: the UI feature provides the login view; this package must not depend on it.
        http.with(VaadinSecurityConfigurer.vaadin(), configurer -> configurer.loginView("/login"));
        return http.build();
    }

    /**
     * The one instructor account. Without a configured password a random one is made for this
     * start and logged once, so a fresh install is never open with a default password.
     */
    @Bean
    UserDetailsService instructorAccount(CifarLabProperties properties) {
        String password = properties.instructorPassword();
        if (password == null || password.isBlank()) {
            password = generatedPassword();
            log.warn("No instructor password is set (cifar-lab.instructor-password or CIFAR_LAB_INSTRUCTOR_PASSWORD). "
                    + "Log in as '{}' with this generated password, valid until the server stops: {}",
                    INSTRUCTOR_USER, password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(INSTRUCTOR_USER)
                .password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password))
                .roles(Callers.INSTRUCTOR_ROLE)
                .build());
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
