package com.cifarlab.security;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.sessions.LabSessionService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinDefaultRequestCache;
import com.vaadin.flow.spring.security.VaadinSavedRequestAwareAuthenticationSuccessHandler;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.RequestCache;

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
    /** The route of the UI's login view, which posts the instructor's credentials back to it. */
    public static final String LOGIN_PATH = "login";
    /** Where API clients join the class and come back in with a resume code. */
    static final String JOIN_PATH = "/api/sessions";
    static final String RESUME_PATH = "/api/sessions/resume";
    /** The route of the UI's instructor page. */
    public static final String INSTRUCTOR_PATH = "instructor";


    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, LabSessionService sessions, ObjectMapper json)
            throws Exception {
        ApiErrorResponses errors = new ApiErrorResponses(json);
        // Actuator's health and metrics share the API's stateless chain: the instructor's HTTP Basic only.
        http.securityMatcher("/api/**", "/actuator/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.realmName("CIFAR Lab").authenticationEntryPoint(errors.entryPoint()))
                .addFilterBefore(new SessionTokenFilter(sessions, errors.entryPoint()), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(errors.entryPoint())
                        .accessDeniedHandler(errors.accessDeniedHandler()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, JOIN_PATH, RESUME_PATH).permitAll()
                        .requestMatchers("/api/sessions/current").hasRole(Callers.STUDENT_ROLE)
                        .requestMatchers("/api/instructor/**", "/actuator/**").hasRole(Callers.INSTRUCTOR_ROLE)
                        .requestMatchers("/api/runs", "/api/runs/**", "/api/class")
                        .hasAnyRole(Callers.STUDENT_ROLE, Callers.INSTRUCTOR_ROLE)
                        // Unknown API paths reach the controllers' JSON "no such endpoint".
                        .anyRequest().permitAll());
        return http.build();
    }

    @Bean
    SecurityFilterChain vaadinSecurityFilterChain(HttpSecurity http, VaadinDefaultRequestCache requestCache,
                                                  RequestUtil vaadinRequests) throws Exception {
        // Vaadin's configurer takes this handler instead of making its own, whose default target is Step 1.
        http.setSharedObject(VaadinSavedRequestAwareAuthenticationSuccessHandler.class, toInstructorPage(requestCache));
        // By path: the UI feature provides the login and instructor views; this package must not depend on it.
        // Vaadin's own CSRF setup also exempts the login form, which let a foreign page log a browser in
        // (login CSRF); the form sends Spring's token from the page's meta tags, so only Vaadin's own
        // requests, which carry Vaadin's token, are exempt here.
        // Every page request reaches Vaadin, whose view access control then guards each view by its
        // annotation (the instructor's views by role): refusing unknown paths here as "not an anonymous
        // route" sent a mistyped address to the login page instead of the not-found view.
        http.with(VaadinSecurityConfigurer.vaadin(), configurer -> configurer
                .loginView("/" + LOGIN_PATH)
                .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::permitAll)
                .enableCsrfConfiguration(false));
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
        http.formLogin(form -> form.failureHandler(LoginFailures.forForm("/" + LOGIN_PATH + "?error")));
        return http.build();
    }

    /** The one password check of both chains, behind the throttle. */
    @Bean
    AuthenticationProvider instructorAuthentication(UserDetailsService accounts, PasswordEncoder encoder,
                                                    LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(passwords, throttle);
    }

    /**
     * After logging in the instructor goes back to the page that asked for it (the instructor page,
     * usually), or to the instructor page when they opened the login page themselves.
     */
    private static VaadinSavedRequestAwareAuthenticationSuccessHandler toInstructorPage(RequestCache requestCache) {
        VaadinSavedRequestAwareAuthenticationSuccessHandler handler = new VaadinSavedRequestAwareAuthenticationSuccessHandler();
        handler.setDefaultTargetUrl("/" + INSTRUCTOR_PATH);
        handler.setRequestCache(requestCache);
        return handler;
    }

    /**
     * The one instructor account. Without a configured password a random one is made on the first
     * start, logged once and kept as a hash ({@link InstructorPassword}), so a fresh install is never
     * open with a default password and a restart does not change it.
     */
    @Bean
    InMemoryUserDetailsManager instructorAccounts(CifarLabProperties properties, PasswordEncoder passwords) {
        String hash = InstructorPassword.hash(properties.instructorPassword(), properties.runsDir(), passwords);
        return new InMemoryUserDetailsManager(User.withUsername(INSTRUCTOR_USER)
                .password(hash)
                .roles(Callers.INSTRUCTOR_ROLE)
                .build());
    }

    @Bean
    InstructorAccount instructorAccount(InMemoryUserDetailsManager accounts, PasswordEncoder passwords,
                                        CifarLabProperties properties) {
        return new InstructorAccount(accounts, passwords, properties);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
