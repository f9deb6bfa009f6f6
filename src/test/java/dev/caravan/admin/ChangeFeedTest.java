package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.admin.ChangeFeed.Change;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

    private final HikariDataSource db = TestH2.migrated("changes");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        db.close();
    }

    private ChangeFeed feed() {
        return new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), clock);
    }

    @Test
    void aChangePublishedOnOneInstanceReachesTheOtherOnItsNextPoll() throws Exception {
        ChangeFeed here = feed();
        ChangeFeed there = feed();
        List<Change> seenHere = new CopyOnWriteArrayList<>();
        List<Change> seenThere = new CopyOnWriteArrayList<>();
        here.subscribe("key", seenHere::add);
        there.subscribe("key", seenThere::add);
        there.poll(); // first poll: starts after what exists

        here.publish("key", "key_1");

        assertThat(seenHere).containsExactly(new Change("key", "key_1")); // at once, on the publishing instance
        assertThat(seenThere).isEmpty();
        assertThat(there.poll()).isEqualTo(1);
        assertThat(seenThere).containsExactly(new Change("key", "key_1"));
        assertThat(there.poll()).isZero(); // each change once
    }

    @Test
    void subscribersHearOnlyTheirTopicAndAFailingOneDoesNotStopTheOthers() throws Exception {
        ChangeFeed publisher = feed();
        ChangeFeed reader = feed();
        reader.poll();
        List<Change> tenants = new CopyOnWriteArrayList<>();
        reader.subscribe("tenant", c -> {
            throw new IllegalStateException("broken subscriber");
        });
        reader.subscribe("tenant", tenants::add);

        publisher.publish("model", "sim-small");
        publisher.publish("tenant", "acme");

        assertThat(reader.poll()).isEqualTo(2);
        assertThat(tenants).containsExactly(new Change("tenant", "acme"));
    }

    @Test
    void anInstanceStartingLateDoesNotReplayOldChanges() throws Exception {
        feed().publish("key", "old");
        ChangeFeed late = feed();
        List<Change> seen = new CopyOnWriteArrayList<>();
        late.subscribe("key", seen::add);
        late.poll();
        late.poll();
        assertThat(seen).isEmpty();
    }

    @Test
    void pruneDeletesChangesOlderThanTheRetention() throws Exception {
        ChangeFeed old = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1),
                Clock.offset(clock, Duration.ofDays(-2)));
        old.publish("key", "ancient");
        feed().publish("key", "recent");
        assertThat(feed().prune()).isEqualTo(1);
    }
}
