package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    @Test
    void should_start_at_utc_midnight_when_the_period_is_a_day() {
        // given
        Instant lateEvening = Instant.parse("2025-03-14T23:59:59.999Z");

        // when / then
        assertThat(BudgetPeriod.DAY.start(lateEvening)).isEqualTo(LocalDate.of(2025, 3, 14));
        assertThat(BudgetPeriod.DAY.end(lateEvening)).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
    }

    @Test
    void should_belong_to_the_new_day_when_the_instant_is_exactly_midnight() {
        // given
        Instant midnight = Instant.parse("2025-03-15T00:00:00Z");

        // when / then
        assertThat(BudgetPeriod.DAY.start(midnight)).isEqualTo(LocalDate.of(2025, 3, 15));
        assertThat(BudgetPeriod.MONTH.start(midnight)).isEqualTo(LocalDate.of(2025, 3, 1));
    }

    @Test
    void should_start_on_the_first_and_end_on_the_next_first_when_the_period_is_a_month() {
        // given
        Instant midMonth = Instant.parse("2025-03-14T10:00:00Z");

        // when / then
        assertThat(BudgetPeriod.MONTH.start(midMonth)).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(BudgetPeriod.MONTH.end(midMonth)).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
    }

    @Test
    void should_roll_over_the_year_when_the_month_is_december() {
        // given
        Instant newYearsEve = Instant.parse("2024-12-31T23:00:00Z");

        // when / then
        assertThat(BudgetPeriod.MONTH.end(newYearsEve)).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.end(newYearsEve)).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void should_end_february_on_march_first_when_the_year_is_a_leap_year() {
        assertThat(BudgetPeriod.MONTH.next(LocalDate.of(2024, 2, 1))).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(BudgetPeriod.DAY.next(LocalDate.of(2024, 2, 28))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(BudgetPeriod.DAY.next(LocalDate.of(2025, 2, 28))).isEqualTo(LocalDate.of(2025, 3, 1));
    }

    @Test
    void should_ignore_the_default_time_zone_when_computing_the_period() {
        // given
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14

            // when / then: still the UTC day
            assertThat(BudgetPeriod.DAY.start(Instant.parse("2025-03-14T20:00:00Z"))).isEqualTo(LocalDate.of(2025, 3, 14));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void should_parse_ids_case_insensitively_when_read_from_the_database() {
        assertThat(BudgetPeriod.parse("month")).isEqualTo(BudgetPeriod.MONTH);
        assertThat(BudgetPeriod.parse("DAY")).isEqualTo(BudgetPeriod.DAY);
        assertThat(BudgetScope.parse("tenant")).isEqualTo(BudgetScope.TENANT);
        assertThatThrownBy(() -> BudgetPeriod.parse("week")).hasMessageContaining("day or month");
        assertThatThrownBy(() -> BudgetScope.parse("team")).hasMessageContaining("key, user, tenant or task");
    }
}
