package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyTrackerTest {

    private final LatencyTracker tracker = new LatencyTracker();

    @Test
    void should_report_nothing_when_a_model_was_never_measured() {
        assertThat(tracker.ewmaMillis("sim-small")).isEmpty();
    }

    @Test
    void should_take_the_first_sample_as_is_when_a_model_is_measured_once() {
        tracker.record("sim-small", 250);

        assertThat(tracker.ewmaMillis("sim-small").getAsDouble()).isEqualTo(250.0);
    }

    @Test
    void should_weight_old_by_point_eight_and_new_by_point_two_when_more_samples_arrive() {
        // when
        tracker.record("m", 100);
        tracker.record("m", 200);   // 0.8 * 100 + 0.2 * 200 = 120
        double second = tracker.ewmaMillis("m").getAsDouble();
        tracker.record("m", 300);   // 0.8 * 120 + 0.2 * 300 = 156

        // then
        assertThat(second).isCloseTo(120.0, within(1e-9));
        assertThat(tracker.ewmaMillis("m").getAsDouble()).isCloseTo(156.0, within(1e-9));
    }

    @Test
    void should_keep_models_apart_when_several_are_measured() {
        tracker.record("a", 100);
        tracker.record("b", 1_000);
        tracker.record("a", 0);     // 0.8 * 100 = 80

        assertThat(tracker.ewmaMillis("a").getAsDouble()).isCloseTo(80.0, within(1e-9));
        assertThat(tracker.ewmaMillis("b").getAsDouble()).isEqualTo(1_000.0);
    }

    @Test
    void should_converge_towards_a_steady_latency_when_it_repeats() {
        tracker.record("m", 1_000);
        for (int i = 0; i < 50; i++) {
            tracker.record("m", 10);
        }

        // 10 + 990 * 0.8^50 ≈ 10.0142
        assertThat(tracker.ewmaMillis("m").getAsDouble()).isCloseTo(10.0 + 990 * Math.pow(0.8, 50), within(1e-6));
    }
}
