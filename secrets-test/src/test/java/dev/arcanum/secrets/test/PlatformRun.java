package dev.arcanum.secrets.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class through the JUnit Platform Launcher and keeps each test method's outcome, so a
 * self-test can assert that a fixture test fails (and how) without failing the build itself.
 */
final class PlatformRun {
    private final Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    private final Map<String, TestExecutionResult> containers = new LinkedHashMap<>();

    private PlatformRun() {}

    static PlatformRun of(Class<?> testClass) {
        return of(testClass, Map.of());
    }

    static PlatformRun of(Class<?> testClass, Map<String, String> configuration) {
        PlatformRun run = new PlatformRun();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(configuration)
                .configurationParameter(LauncherFixture.PARAMETER, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String name = id.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(s -> ((MethodSource) s).getMethodName())
                        .orElse(id.getDisplayName());
                (id.isTest() ? run.results : run.containers).put(name, result);
            }
        });
        return run;
    }

    /**
     * @return method name to result, for every test that ran
     */
    Map<String, TestExecutionResult> results() {
        return results;
    }

    Set<String> withStatus(TestExecutionResult.Status status) {
        Set<String> names = new TreeSet<>();
        results.forEach((name, r) -> {
            if (r.getStatus() == status) {
                names.add(name);
            }
        });
        return names;
    }

    Set<String> failed() {
        return withStatus(TestExecutionResult.Status.FAILED);
    }

    Set<String> succeeded() {
        return withStatus(TestExecutionResult.Status.SUCCESSFUL);
    }

    Set<String> aborted() {
        return withStatus(TestExecutionResult.Status.ABORTED);
    }

    /**
     * @return the containers (engine, class) that did not succeed, with their failures
     */
    Map<String, TestExecutionResult> failedContainers() {
        Map<String, TestExecutionResult> out = new LinkedHashMap<>();
        containers.forEach((name, r) -> {
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                out.put(name, r);
            }
        });
        return out;
    }

    /**
     * @param method a test method's name
     * @return the failure's full text (message, causes, suppressed, stack trace)
     */
    String failureText(String method) {
        TestExecutionResult r = results.get(method);
        if (r == null) {
            throw new AssertionError("no test named " + method + " ran; ran: " + results.keySet());
        }
        return r.getThrowable().map(PlatformRun::text).orElse("");
    }

    /**
     * @return every failure's full text, one after the other
     */
    String allFailureTexts() {
        StringBuilder out = new StringBuilder();
        results.values().forEach(r -> r.getThrowable()
                .ifPresent(t -> out.append(text(t)).append('\n')));
        containers.values().forEach(r -> r.getThrowable()
                .ifPresent(t -> out.append(text(t)).append('\n')));
        return out.toString();
    }

    private static String text(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
