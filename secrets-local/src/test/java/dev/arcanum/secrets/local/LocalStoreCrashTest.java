package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SecretsConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills writers with SIGKILL ({@link Process#destroyForcibly()}) and checks the store is never
 * corrupted, and runs two writer processes at once to check nothing is lost.
 */
class LocalStoreCrashTest {
    private static final int ROUNDS = 25;
    private static final int KEYS = 6;

    @TempDir
    Path dir;

    private final String key = newKey();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aWriterKilledAtAnyPointLeavesEveryKeyWithItsOldOrItsNewValue() throws Exception {
        Path storeFile = dir.resolve("data").resolve("store.enc");
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        Map<String, Long> committed = new HashMap<>(); // key -> seq it must hold at least
        long nextSeq = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long first = nextSeq;
            int killAfter = 1 + random.nextInt(25);
            Process child = start(storeFile, "stream", Long.toString(first), Integer.toString(KEYS));
            long lastAcked = first - 1;
            try (BufferedReader out = stdout(child)) {
                int acks = 0;
                String line;
                while (acks < killAfter && (line = out.readLine()) != null) {
                    lastAcked = Long.parseLong(line.substring(3));
                    acks++;
                }
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
                // pipe and lose acknowledgements the child printed just before dying.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(acks)
                        .as("round %d (seed %d): child died early: %s", round, seed, stderr(child))
                        .isEqualTo(killAfter);
                // Acknowledgements printed before the kill and not read yet are still in the pipe.
                while ((line = out.readLine()) != null) {
                    lastAcked = Long.parseLong(line.substring(3));
                }
            }
            for (long s = first; s <= lastAcked; s++) {
                committed.put(StoreWriterMain.streamKey(s, KEYS), s);
            }
            long inFlight = lastAcked + 1;
            try (SecretStore store = open(storeFile)) {
                for (Map.Entry<String, Long> e : committed.entrySet()) {
                    Secret secret = store.get(e.getKey(), SecretScope.DEFAULT);
                    long held = StoreWriterMain.check(e.getKey(), secret.value());
                    boolean newer = held == inFlight
                            && StoreWriterMain.streamKey(inFlight, KEYS).equals(e.getKey());
                    assertThat(held == e.getValue() || newer)
                            .as(
                                    "round %d (seed %d): %s holds seq %d, expected %d or in-flight %d",
                                    round, seed, e.getKey(), held, e.getValue(), inFlight)
                            .isTrue();
                    if (newer) {
                        e.setValue(held);
                    }
                }
                assertThat(store.list(SecretScope.DEFAULT)).hasSizeLessThanOrEqualTo(KEYS);
            }
            nextSeq = inFlight + 1;
        }
        // A later write cleans temporary files a killed writer left behind.
        try (SecretStore store = open(storeFile)) {
            store.put("after/crashes", "fine", SecretScope.DEFAULT);
        }
        try (Stream<Path> files = Files.list(storeFile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("store.enc", "store.enc.lock");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoProcessesWritingAtOnceLoseNothing() throws Exception {
        Path storeFile = dir.resolve("store.enc");
        int count = 40;
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            Process p = start(storeFile, "distinct", prefix, Integer.toString(count));
            children.add(p);
            BufferedReader out = stdout(p);
            outs.add(out);
            assertThat(out.readLine()).as("child %s: %s", prefix, "ready").isEqualTo("ready");
        }
        // Both are warmed up and waiting: release them together.
        for (Process p : children) {
            Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            in.write("go\n");
            in.flush();
        }
        int created = 0;
        for (int i = 0; i < children.size(); i++) {
            String once = outs.get(i).readLine();
            assertThat(once)
                    .as("child output, stderr: %s", stderr(children.get(i)))
                    .startsWith("once ");
            created += Boolean.parseBoolean(once.substring(5)) ? 1 : 0;
            assertThat(outs.get(i).readLine()).isEqualTo("done");
            assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(children.get(i).exitValue()).isZero();
            outs.get(i).close();
        }
        assertThat(created).as("exactly one putIfAbsent wins").isEqualTo(1);
        try (SecretStore store = open(storeFile)) {
            assertThat(store.list(SecretScope.DEFAULT)).hasSize(2 * count + 1);
            for (String prefix : List.of("a", "b")) {
                for (int i = 0; i < count; i++) {
                    String k = prefix + "/k" + i;
                    assertThat(StoreWriterMain.check(k, store.get(k).value())).isEqualTo(i);
                }
            }
            assertThat(store.get("shared/once").value()).isIn("a", "b");
        }
    }

    private Process start(Path storeFile, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add(StoreWriterMain.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SECRETS_LOCAL_PATH", storeFile.toString());
        pb.environment().put("SECRETS_LOCAL_KEY", key);
        pb.environment().remove("SECRETS_PROVIDER");
        pb.redirectError(dir.resolve("child-" + System.nanoTime() + ".err").toFile());
        Process p = pb.start();
        errFiles.put(p, pb.redirectError().file().toPath());
        return p;
    }

    private final Map<Process, Path> errFiles = new HashMap<>();

    private String stderr(Process p) throws IOException {
        Path f = errFiles.get(p);
        return f == null ? "" : Files.readString(f);
    }

    private static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private SecretStore open(Path storeFile) {
        return (SecretStore) new LocalSecretProviderFactory()
                .create(SecretsConfig.of(Map.of("secrets.local.path", storeFile.toString(), "secrets.local.key", key)));
    }

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
