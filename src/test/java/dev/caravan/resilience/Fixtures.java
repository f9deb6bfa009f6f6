package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.routing.RouteDecision;
import dev.caravan.routing.TestModels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Shared helpers for the resilience tests: settings bound like YAML, models, routes, a clock tests move. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * Properties bound the way Spring binds {@code caravan.resilience}, from {@code key=value} pairs
     * relative to that prefix: {@code props("defaults.max-retries=2", "providers.openai.deadline=5s")}.
     */
    static ResilienceProperties props(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            map.put("caravan.resilience." + kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("caravan.resilience", ResilienceProperties.class);
    }

    static ModelProperties model(String id) {
        return TestModels.model(id).build();
    }

    static ModelProperties model(String id, ProviderType provider) {
        return TestModels.model(id).provider(provider).build();
    }

    static RouteDecision route(ModelProperties... candidates) {
        return new RouteDecision(Arrays.asList(candidates), "test");
    }

    static BreakerRegistry breakers(ResilienceProperties props, Clock clock, ModelProperties... models) {
        return new BreakerRegistry(props, List.of(models), null, clock);
    }

    /** A random source whose {@code nextDouble()} is always {@code u} (0 ≤ u < 1). */
    static RandomGenerator fixedRandom(double u) {
        long bits = (long) (u * 0x1.0p53) << 11;
        return () -> bits;
    }

    /** A clock that only moves when told to. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock() {
            this(Instant.parse("2025-01-01T00:00:00Z"));
        }

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void advanceMillis(long millis) {
            advance(Duration.ofMillis(millis));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }
}
