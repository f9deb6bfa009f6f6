package dev.caravan.routing;

import dev.caravan.config.Capability;
import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.provider.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.env.MockEnvironment;

/**
 * One routing decision over 20 candidate models for a ~2 KB prompt (target: under 50 µs p50).
 * {@code tokenCountOnly} shows how much of that is the tokenizer, {@code cheapOnCode} a route
 * without the complexity classifier, {@code autoWithOverrides} the full path (tenant overrides,
 * a preferred provider, a restricted level set).
 *
 * <pre>
 * mvn -o -q test-compile &amp;&amp; java -cp "target/test-classes:target/classes:$(mvn -o -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout)" org.openjdk.jmh.Main RoutingBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1 -bm sample
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {

    private static final Set<SecurityLevel> ALL = EnumSet.allOf(SecurityLevel.class);

    /** About 2 KB of mixed prose and code, the kind of prompt "auto" must assess. */
    static final String PROMPT = """
            I am migrating a billing service from a monolith to separate services and need help.
            Requirements:
            1. Invoices must be generated exactly once per customer and month.
            2. Payment retries must back off exponentially and stop after five attempts.
            3. Every state change must be auditable, with who and when.
            Here is the current implementation of the retry loop:
            ```java
            for (int attempt = 1; attempt <= 5; attempt++) {
                try {
                    gateway.charge(invoice);
                    break;
                } catch (PaymentException e) {
                    Thread.sleep(1000L * attempt);
                }
            }
            ```
            Compare an outbox table with a message broker for the invoice events, and explain the
            trade-offs for consistency, operability and cost. Then propose the table layout and the
            transaction boundaries, step by step, and point out where the current loop is wrong.
            Our team is small, the load is a few thousand invoices a day, peaks at the start of the
            month, and we run PostgreSQL already. We would rather not add infrastructure unless the
            benefit is clear. Please keep the answer practical: what to build first, what to defer,
            and which failure modes to test. Also mention how to migrate existing invoices without
            downtime, and how to verify that nothing was lost or duplicated during the migration.
            Finally, estimate the effort in days for a team of two engineers, assuming they know the
            codebase well but have not built an outbox before.
            """;

    private ModelRouter router;
    private TokenCounter tokens;
    private GatewayRequest auto;
    private GatewayRequest cheap;
    private GatewayRequest tenantAuto;
    private Set<SecurityLevel> confidential;

    @Setup
    public void setUp() {
        List<ModelProperties> models = new ArrayList<>();
        ProviderType[] providers = {ProviderType.SIMULATOR, ProviderType.OLLAMA, ProviderType.SIMULATOR, ProviderType.IN_PROCESS};
        SecurityLevel[] levels = SecurityLevel.values();
        for (int i = 0; i < 20; i++) {
            models.add(TestModels.model("model-" + i)
                    .provider(providers[i % providers.length])
                    .baseUrl("http://127.0.0.1:11434")
                    .prices(100_000L * (i + 1), 400_000L * (i + 1))
                    .capabilities(Capability.TEXT, i % 3 == 0 ? Capability.TOOLS : Capability.REASONING)
                    .priority(i)
                    .qualityTier(1 + i % 4)
                    .securityLevel(levels[i % levels.length])
                    .contextWindow(i % 5 == 0 ? 8_192 : 128_000)
                    .latencyBudgetMs(500L * (1 + i % 6))
                    .build());
        }
        ModelCatalog catalog = new ModelCatalog(new CaravanProperties("./data", null, models), new MockEnvironment());
        LatencyTracker latency = new LatencyTracker();
        for (int i = 0; i < 20; i += 2) {
            latency.record("model-" + i, 200L * (i + 1));
        }
        tokens = new TokenCounter();
        RoutingOverrideStore overrides = RoutingOverrideStore.inMemory(List.of(
                new RoutingOverride("acme", null, "balanced", "simulator", null),
                new RoutingOverride("acme", "billing", null, null, "model-7")));
        router = new ModelRouter(catalog, latency, ModelHealthView.ALL_HEALTHY, overrides, RoutingProperties.defaults(),
                tokens);
        auto = request("auto", Caller.anonymous(), RequestOptions.NONE);
        cheap = request("cheap", Caller.anonymous(), RequestOptions.NONE);
        tenantAuto = request("auto", new Caller("acme", "alice", "billing", "key_1"),
                new RequestOptions(null, "ollama", null));
        confidential = EnumSet.of(SecurityLevel.LOCAL, SecurityLevel.PRIVATE);
        if (router.route(auto, ALL, "public").candidates().size() != 20) {
            throw new IllegalStateException("the benchmark expects 20 candidates");
        }
    }

    private static GatewayRequest request(String model, Caller caller, RequestOptions options) {
        ChatRequest chat = new ChatRequest(List.of(
                new ChatMessage(ChatMessage.Role.SYSTEM, "You are a careful senior engineer.", null),
                new ChatMessage(ChatMessage.Role.USER, PROMPT, null)),
                null, null, 1_000, null, null, null, null, null, null, false, false);
        return new GatewayRequest("req_bench", Channel.REST, caller, null, model, chat, options, Instant.now());
    }

    @Benchmark
    public RouteDecision autoOver20() {
        return router.route(auto, ALL, "public");
    }

    @Benchmark
    public RouteDecision cheapOver20() {
        return router.route(cheap, ALL, "public");
    }

    @Benchmark
    public RouteDecision autoWithOverrides() {
        return router.route(tenantAuto, confidential, "confidential");
    }

    @Benchmark
    public long tokenCountOnly() {
        return tokens.count(auto.chat().messages());
    }
}
