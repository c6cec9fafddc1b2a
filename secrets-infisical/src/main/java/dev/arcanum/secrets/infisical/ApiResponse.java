package dev.arcanum.secrets.infisical;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the Infisical API: its status and JSON body. Error bodies follow the server's error
 * handler ({@code backend/src/server/plugins/error-handler.ts}): {@code reqId}, {@code statusCode},
 * {@code message} (an array of zod issues for 422), {@code error} and, for some 403s, {@code details}.
 *
 * @param status the HTTP status
 * @param json the body, or null when empty or not JSON (a proxy's HTML page)
 */
record ApiResponse(int status, JsonNode json) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** @return the server's request id, quoted in messages so support can find the request */
    String reqId() {
        return text("reqId");
    }

    /** @return the {@code error} name, for example {@code PermissionDenied} or {@code TokenError} */
    String error() {
        return text("error");
    }

    /**
     * @return the {@code message}; for a 422 the zod issues joined as {@code path: message}; never
     *     null. Server messages name keys and paths, never values.
     */
    String message() {
        if (json == null) {
            return "";
        }
        JsonNode m = json.get("message");
        if (m == null || m.isNull()) {
            return "";
        }
        if (m.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode issue : m) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                JsonNode path = issue.get("path");
                if (path != null && path.isArray() && path.size() > 0) {
                    StringBuilder p = new StringBuilder();
                    for (JsonNode part : path) {
                        if (p.length() > 0) {
                            p.append('.');
                        }
                        p.append(part.asText());
                    }
                    sb.append(p).append(": ");
                }
                sb.append(issue.path("message").asText(issue.toString()));
            }
            return cap(sb.toString());
        }
        return cap(m.asText());
    }

    private String text(String field) {
        if (json == null) {
            return null;
        }
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** @return {@code 403 PermissionDenied: You are not allowed to read on secrets (reqId req-1)} */
    String describe() {
        StringBuilder sb = new StringBuilder().append(status);
        String error = error();
        if (error != null) {
            sb.append(' ').append(error);
        }
        String message = message();
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
        String reqId = reqId();
        if (reqId != null) {
            sb.append(" (reqId ").append(reqId).append(')');
        }
        return sb.toString();
    }

    private static String cap(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
