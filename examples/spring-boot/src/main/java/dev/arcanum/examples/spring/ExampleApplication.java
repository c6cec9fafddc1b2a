package dev.arcanum.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** An application reading a database password through {@code ${secret:…}} and signing payloads. */
@SpringBootApplication
@EnableConfigurationProperties(DatabaseProperties.class)
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
