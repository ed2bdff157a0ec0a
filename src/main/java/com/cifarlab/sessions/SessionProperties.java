package com.cifarlab.sessions;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The class's joining rules, under the prefix {@code cifar-lab}.
 *
 * @param classCode         the code students join with; when unset, the one set on the instructor
 *                          page, or one generated on the first start (both kept across restarts)
 * @param sessionInactivity a browser cookie or API token unused this long stops working, and a
 *                          session none of whose credentials works any more ends
 * @param joinsPerMinute    joins and resumes one client address may try per minute (a class behind
 *                          one school address joins at once)
 */
@Validated
@ConfigurationProperties(prefix = "cifar-lab")
public record SessionProperties(
        String classCode,
        @NotNull @DefaultValue("14d") Duration sessionInactivity,
        @Min(1) @DefaultValue("60") int joinsPerMinute) {
}
