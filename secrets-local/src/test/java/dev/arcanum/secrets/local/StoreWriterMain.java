package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SecretsConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A child JVM that writes to a {@code local} store configured through the environment ({@code
 * SECRETS_LOCAL_PATH}, {@code SECRETS_LOCAL_KEY}), reporting each completed write on stdout.
 *
 * <ul>
 *   <li>{@code stream <firstSeq> <keys>}: writes {@code crash/k<seq % keys>} with sequence numbers
 *       from {@code firstSeq} on, forever, printing {@code ok <seq>} after each write returns.
 *   <li>{@code distinct <prefix> <count>}: prints {@code ready}, waits for a line on stdin, tries
 *       {@code putIfAbsent("shared/once")}, writes {@code <prefix>/k0..}, prints {@code once
 *       <true|false>} and {@code done}.
 * </ul>
 */
public final class StoreWriterMain {
    private StoreWriterMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // The factory itself, not SecretProviders: decorators (a cache) must not sit between the writes and the file.
        SecretStore store = (SecretStore) new LocalSecretProviderFactory().create(SecretsConfig.fromEnvironment());
        switch (args[0]) {
            case "stream" -> {
                long seq = Long.parseLong(args[1]);
                int keys = Integer.parseInt(args[2]);
                while (true) {
                    store.put(streamKey(seq, keys), value(seq, streamKey(seq, keys)), SecretScope.DEFAULT);
                    out.println("ok " + seq);
                    seq++;
                }
            }
            case "distinct" -> {
                String prefix = args[1];
                int count = Integer.parseInt(args[2]);
                out.println("ready");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                boolean once = store.putIfAbsent("shared/once", prefix, SecretScope.DEFAULT);
                for (int i = 0; i < count; i++) {
                    String key = prefix + "/k" + i;
                    store.put(key, value(i, key), SecretScope.DEFAULT);
                }
                out.println("once " + once);
                out.println("done");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String streamKey(long seq, int keys) {
        return "crash/k" + (seq % keys);
    }

    /**
     * A value whose integrity can be checked: sequence, key, filler of varying length (so the file
     * size changes from write to write) and a SHA-256 over all of it.
     */
    static String value(long seq, String key) {
        String body = "seq=" + seq + ";key=" + key + ";pad=" + "x".repeat((int) (seq * 7919 % 300)) + ";";
        return body + "sum=" + sha256(body);
    }

    /**
     * @return the sequence number of a well-formed value for the key
     * @throws AssertionError if the value is garbage
     */
    static long check(String key, String value) {
        int sum = value.lastIndexOf("sum=");
        if (sum < 0 || !sha256(value.substring(0, sum)).equals(value.substring(sum + 4))) {
            throw new AssertionError("value of " + key + " fails its checksum");
        }
        String[] parts = value.split(";");
        if (!parts[1].equals("key=" + key)) {
            throw new AssertionError("value of " + key + " belongs to another key");
        }
        return Long.parseLong(parts[0].substring(4));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
