package com.cifarlab.runs.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API answers JSON whatever the client's {@code Accept} says: with {@code Accept: text/html}
 * Spring MVC found no way to write an answer or an error and fell through to the UI's login
 * redirect, after the run had been queued. Spring MVC serves nothing but the API here (Vaadin
 * has its own servlet), and downloads set their own content type.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebSettings implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
    }

    /** Before Spring Security: an oversized body is refused before any password is checked. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit() {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
