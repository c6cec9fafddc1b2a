package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed settings and collects every failure, so a provider reports all missing or malformed
 * settings in one {@link SecretConfigurationException} instead of one per attempt.
 *
 * <pre>{@code
 * SettingsReader r = new SettingsReader("vault", config);
 * URI address = r.uri(ADDRESS);
 * Duration timeout = r.duration(TIMEOUT);
 * r.validate(); // throws once, naming every bad setting
 * }</pre>
 *
 * <p>A credential setting that is malformed is named, never printed. Not thread-safe: one reader
 * per {@code create} call.
 */
public final class SettingsReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final String provider;
    private final SecretsConfig config;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param provider the provider name, for messages
     * @param config where settings come from
     */
    public SettingsReader(String provider, SecretsConfig config) {
        this.provider = provider;
        this.config = config;
    }

    /**
     * @return the configuration read from
     */
    public SecretsConfig config() {
        return config;
    }

    /**
     * @param setting the setting
     * @return the value or default; null (and a recorded failure if required) when unset
     */
    public String string(Setting setting) {
        String v = setting.rawValue(config);
        if (v == null && setting.required()) {
            failures.add(setting.displayName() + " is required: " + setting.description());
        }
        return v;
    }

    /**
     * Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, a bare
     * number of seconds, or ISO-8601 ({@code PT5M}).
     *
     * @param setting the setting
     * @return the duration, or null when unset or malformed (a failure is recorded)
     */
    public Duration duration(Setting setting) {
        String v = string(setting);
        if (v == null) {
            return null;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            malformed(setting, v, "a duration such as 500ms, 30s, 5m, 1h or PT5M");
        }
        return d;
    }

    /**
     * @param setting the setting
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the number, or null when unset or malformed
     */
    public Integer integer(Setting setting, int min, int max) {
        String v = string(setting);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                malformed(setting, v, "a whole number from " + min + " to " + max);
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            malformed(setting, v, "a whole number from " + min + " to " + max);
            return null;
        }
    }

    /**
     * Accepts {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case.
     *
     * @param setting the setting
     * @return the flag; false when unset; null when malformed
     */
    public Boolean bool(Setting setting) {
        String v = string(setting);
        if (v == null) {
            return Boolean.FALSE;
        }
        Boolean b = parseBoolean(v);
        if (b == null) {
            malformed(setting, v, "true or false");
        }
        return b;
    }

    /**
     * @param setting the setting
     * @return an absolute URI with a scheme and host, or null when unset or malformed
     */
    public URI uri(Setting setting) {
        String v = string(setting);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                malformed(setting, v, "an absolute URL such as https://host:port");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            malformed(setting, v, "an absolute URL such as https://host:port");
            return null;
        }
    }

    /**
     * @param setting the setting
     * @return the path ({@code ~/} expanded), or null when unset or malformed
     */
    public Path path(Setting setting) {
        String v = string(setting);
        if (v == null) {
            return null;
        }
        try {
            if (v.equals("~") || v.startsWith("~/")) {
                return Path.of(System.getProperty("user.home") + v.substring(1));
            }
            return Path.of(v);
        } catch (InvalidPathException e) {
            malformed(setting, v, "a file path");
            return null;
        }
    }

    /**
     * Records a failure of a cross-field or backend-specific rule.
     *
     * @param setting the setting at fault
     * @param problem what is wrong and how to fix it; must not contain a credential
     */
    public void fail(Setting setting, String problem) {
        failures.add(setting.displayName() + " " + problem);
    }

    /**
     * Records a failure that names no single setting.
     *
     * @param problem what is wrong and how to fix it; must not contain a credential
     */
    public void fail(String problem) {
        failures.add(problem);
    }

    /**
     * @return the failures recorded so far
     */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Throws if any failure was recorded.
     *
     * @throws SecretConfigurationException naming every failure, in the order found
     */
    public void validate() {
        if (failures.isEmpty()) {
            return;
        }
        if (failures.size() == 1) {
            throw new SecretConfigurationException("Provider '" + provider + "': " + failures.get(0));
        }
        StringBuilder sb = new StringBuilder("Provider '" + provider + "': multiple validation failures:");
        for (String f : failures) {
            sb.append("\n  - ").append(f);
        }
        throw new SecretConfigurationException(sb.toString());
    }

    private void malformed(Setting setting, String value, String expected) {
        if (setting.credential()) {
            failures.add(setting.displayName() + " is malformed: expected " + expected);
        } else {
            failures.add(setting.displayName() + " is '" + value + "': expected " + expected);
        }
    }

    /**
     * @param text a duration text
     * @return the duration, or null if malformed
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                case "h":
                    return Duration.ofHours(n);
                default:
                    return Duration.ofDays(n);
            }
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @param text a flag text
     * @return the flag, or null if malformed
     */
    public static Boolean parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "no":
            case "off":
            case "0":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
