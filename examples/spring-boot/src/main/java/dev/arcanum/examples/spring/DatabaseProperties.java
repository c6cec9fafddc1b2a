package dev.arcanum.examples.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bound from {@code app.database.*}; the password comes from {@code ${secret:examples/db#password}}
 * in application.yml. {@code toString} leaves the password out.
 *
 * @param url the JDBC URL
 * @param user the user
 * @param password the password, resolved from the secrets store
 */
@ConfigurationProperties(prefix = "app.database")
public record DatabaseProperties(String url, String user, String password) {
    @Override
    public String toString() {
        return "DatabaseProperties{url=" + url + ", user=" + user + ", password=****}";
    }
}
