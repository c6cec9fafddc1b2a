package dev.arcanum.secrets.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JSON of one {@link CachedReadBenchmark} run ({@code -rf json}) into the Markdown table of
 * {@code docs/performance.md}: throughput, CPU time per operation and bytes per operation, each
 * benchmark's ratio to {@code ConcurrentHashMap.get} at the same thread count, and 2-thread scaling.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.arcanum.secrets.benchmarks.ResultsTable
 * results.json}
 */
public final class ResultsTable {
    private ResultsTable() {}

    /**
     * @param args the JSON file written by JMH
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        JsonNode runs = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String name = run.get("benchmark").asText();
            byName.put(name.substring(name.lastIndexOf('.') + 1), run);
        }
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | threads | throughput (ops/µs) | × CHM (throughput) | CPU ns/op | × CHM (CPU) |"
                + " B/op |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        String[] names = {"chm", "caffeine", "arcanum", "awsCachingClient", "arcanumGetMany100"};
        for (String base : names) {
            for (int t = 1; t <= 2; t++) {
                JsonNode run = byName.get(base + "_" + t + "t");
                JsonNode floor = byName.get("chm_" + t + "t");
                if (run == null || floor == null) {
                    continue;
                }
                double thr = score(run, null);
                double thrErr = run.get("primaryMetric").get("scoreError").asDouble();
                double cpu = score(run, "cpu.time.norm");
                double bytes = score(run, "gc.alloc.rate.norm");
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.2f ± %.2f | %.1f× | %.2f | %.1f× | %.0f |%n",
                        base,
                        t,
                        thr,
                        thrErr,
                        score(floor, null) / thr,
                        cpu,
                        cpu / score(floor, "cpu.time.norm"),
                        Math.abs(bytes) < 0.5 ? 0.0 : bytes));
            }
        }
        out.append("\n| benchmark | 2-thread ÷ 1-thread throughput | 2 × CPU ns/op (1t) ÷ CPU ns/op (2t) |\n");
        out.append("|---|---:|---:|\n");
        for (String base : names) {
            JsonNode one = byName.get(base + "_1t");
            JsonNode two = byName.get(base + "_2t");
            if (one == null || two == null) {
                continue;
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f× | %.2f× |%n",
                    base,
                    score(two, null) / score(one, null),
                    2 * score(one, "cpu.time.norm") / score(two, "cpu.time.norm")));
        }
        System.out.print(out);
    }

    private static double score(JsonNode run, String secondary) {
        JsonNode metric = secondary == null
                ? run.get("primaryMetric")
                : run.get("secondaryMetrics").get(secondary);
        return metric == null ? Double.NaN : metric.get("score").asDouble();
    }
}
