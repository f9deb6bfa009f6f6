package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class UsageQueryTest {

    static final Instant NOW = Instant.parse("2026-01-20T15:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void should_take_dimensions_in_the_order_given_when_group_by_lists_them() {
        UsageQuery query = UsageQuery.parse(" day, Tenant ,key", null, null, null, CLOCK);

        assertThat(query.groupBy()).containsExactly(UsageDimension.DAY, UsageDimension.TENANT, UsageDimension.KEY);
    }

    @Test
    void should_accept_every_dimension_and_none() {
        assertThat(UsageQuery.parse("provider,model,tenant,user,service,task,key,day", null, null, null, CLOCK)
                .groupBy()).containsExactly(UsageDimension.values());
        assertThat(UsageQuery.parse("", null, null, null, CLOCK).groupBy()).isEmpty();
        assertThat(UsageQuery.parse(null, null, null, null, CLOCK).groupBy()).isEmpty();
    }

    @Test
    void should_cover_the_last_30_days_when_no_window_is_given() {
        UsageQuery query = UsageQuery.parse(null, null, null, null, CLOCK);

        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void should_read_dates_as_their_start_in_utc_and_instants_as_they_are() {
        UsageQuery query = UsageQuery.parse(null, "2026-01-01", "2026-01-10T12:00:00+02:00", "acme", CLOCK);

        assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
        assertThat(query.tenant()).isEqualTo("acme");
    }

    @Test
    void should_end_the_default_window_now_and_start_it_30_days_before_to_when_only_one_end_is_given() {
        assertThat(UsageQuery.parse(null, "2026-01-15", null, null, CLOCK).to()).isEqualTo(NOW);
        assertThat(UsageQuery.parse(null, null, "2026-01-10", null, CLOCK).from())
                .isEqualTo(Instant.parse("2025-12-11T00:00:00Z"));
    }

    @Test
    void should_refuse_with_invalid_request_naming_group_by_when_a_dimension_is_unknown() {
        assertInvalid(() -> UsageQuery.parse("provider,colour", null, null, null, CLOCK), "group_by")
                .hasMessageContaining("entry 2").hasMessageContaining("provider, model, tenant, user, service, task,"
                        + " key, day").hasMessageNotContaining("colour");
        assertInvalid(() -> UsageQuery.parse("provider,,model", null, null, null, CLOCK), "group_by");
        assertInvalid(() -> UsageQuery.parse("user_id", null, null, null, CLOCK), "group_by");
        assertInvalid(() -> UsageQuery.parse("tenant; DROP TABLE usage_records", null, null, null, CLOCK),
                "group_by");
    }

    @Test
    void should_refuse_a_dimension_named_twice() {
        assertInvalid(() -> UsageQuery.parse("day,tenant,DAY", null, null, null, CLOCK), "group_by")
                .hasMessageContaining("'day' twice");
    }

    @Test
    void should_refuse_with_invalid_request_naming_the_parameter_when_a_date_is_bad() {
        assertInvalid(() -> UsageQuery.parse(null, "yesterday", null, null, CLOCK), "from");
        assertInvalid(() -> UsageQuery.parse(null, null, "2026-13-01", null, CLOCK), "to");
        assertInvalid(() -> UsageQuery.parse(null, "2026-02-01", "2026-01-01", null, CLOCK), "from")
                .hasMessageContaining("must not be after");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
            ThrowingCallable call, String param) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo(param);
        });
    }
}
