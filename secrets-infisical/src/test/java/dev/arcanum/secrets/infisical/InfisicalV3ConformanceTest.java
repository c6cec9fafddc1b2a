package dev.arcanum.secrets.infisical;

/** The conformance kit against the fake over the deprecated /api/v3/secrets/raw endpoints. */
class InfisicalV3ConformanceTest extends InfisicalV4ConformanceTest {
    @Override
    protected String apiVersion() {
        return "v3";
    }
}
