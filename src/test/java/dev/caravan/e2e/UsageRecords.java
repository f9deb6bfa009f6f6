package dev.caravan.e2e;

import static org.awaitility.Awaitility.await;

import dev.caravan.metering.MeteringRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads back the metering records that tests' requests left. The record is written by a
 * wire-tap after the caller has its reply, so reading waits for it to arrive.
 */
public final class UsageRecords {

    private final MeteringRecorder recorder;
    private final JdbcTemplate jdbc;

    public UsageRecords(MeteringRecorder recorder, JdbcTemplate jdbc) {
        this.recorder = recorder;
        this.jdbc = jdbc;
    }

    public Map<String, Object> one(String requestId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.flush();
            return !rows(requestId).isEmpty();
        });
        List<Map<String, Object>> rows = rows(requestId);
        if (rows.size() != 1) {
            throw new AssertionError("expected exactly one usage record for " + requestId + " but found " + rows.size());
        }
        return rows.get(0);
    }

    private List<Map<String, Object>> rows(String requestId) {
        return jdbc.queryForList("select * from usage_records where request_id = ?", requestId);
    }
}
