package com.cifarlab;

import com.cifarlab.cli.CommandLine;
import com.cifarlab.security.DeserializationFilter;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One jar, two faces: with no arguments it serves the dashboard; with a command word
 * ({@code data}, {@code train}, {@code evaluate}, {@code bench}) it does that job and exits
 * without starting a web server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CifarLabApplication {

    public static void main(String[] args) {
        // Before anything could read content from outside: model files come from browsers too.
        DeserializationFilter.install();
        NativeBinaries.selectForThisCpu();
        Optional<Integer> relaunched = NativeEnvironment.relaunchIfNeeded();
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        if (CommandLine.isCommand(args)) {
            System.exit(CommandLine.run(args));
        }
        SpringApplication.run(CifarLabApplication.class, args);
    }
}
