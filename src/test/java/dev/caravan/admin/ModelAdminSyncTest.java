package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelAdminSyncTest {

    private final HikariDataSource db = TestH2.migrated("admin_sync");

    @AfterEach
    void close() {
        db.close();
    }

    private ChangeFeed feed() {
        return new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
    }

    @Test
    void should_reload_at_start_and_on_its_own_thread_when_the_feed_announces_a_change() throws Exception {
        ChangeFeed other = feed();
        ChangeFeed mine = feed();
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger policyReloads = new AtomicInteger();
        try (ModelAdminSync sync = new ModelAdminSync(mine, Map.of("model", () -> threads.add(Thread.currentThread().getName()),
                "policy", policyReloads::incrementAndGet), null)) {
            sync.start();
            assertThat(threads).hasSize(1);
            mine.poll();

            other.publish("model", "sim-small");
            mine.poll();

            await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 2);
            assertThat(threads.get(1)).as("not the feed's thread").isEqualTo("caravan-admin-reload");
            assertThat(policyReloads).as("other topics untouched").hasValue(1);
        }
    }

    @Test
    void should_keep_the_last_snapshot_and_succeed_later_when_a_reload_fails() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        Runnable flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
            }
            applied.incrementAndGet();
        };
        try (ModelAdminSync sync = new ModelAdminSync(null, Map.of("model", flaky), null)) {
            sync.start(); // fails, logged, does not stop the start

            sync.reloadAll();

            assertThat(calls).hasValue(2);
            assertThat(applied).hasValue(1);
        }
    }

    @Test
    void should_apply_here_and_answer_500_when_the_change_cannot_be_announced() {
        HikariDataSource gone = TestH2.migrated("admin_sync_gone");
        ChangeFeed broken = new ChangeFeed(gone, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
        gone.close();
        AtomicInteger reloadedHere = new AtomicInteger();

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> ModelAdminSync.announce(broken, "model", "sim-small", reloadedHere::incrementAndGet));

        assertThat(reloadedHere).hasValue(1);
        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).contains("saved").contains("other instances");
    }
}
