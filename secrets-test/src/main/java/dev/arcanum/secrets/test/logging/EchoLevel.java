package dev.arcanum.secrets.test.logging;

import java.util.Locale;

/** Which captured events are also echoed to standard error. */
enum EchoLevel {
    NONE,
    WARN,
    ALL;

    static EchoLevel parse(String text) {
        if (text == null || text.isBlank()) {
            return WARN;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "none":
            case "off":
                return NONE;
            case "all":
                return ALL;
            default:
                return WARN;
        }
    }

    boolean echoes(String level) {
        return this == ALL || (this == WARN && ("WARN".equals(level) || "ERROR".equals(level)));
    }
}
