package dev.caravan.e2e;

import dev.caravan.metering.MeteringRecorder;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads back the metering records that tests' requests left. */
public final class UsageRecords {

    private final MeteringRecorder recorder;
    private final JdbcTemplate jdbc;

    public UsageRecords(MeteringRecorder recorder, JdbcTemplate jdbc) {
        this.recorder = recorder;
        this.jdbc = jdbc;
    }

    public Map<String, Object> one(String requestId) {
        recorder.flush();
        List<Map<String, Object>> rows = jdbc.queryForList("select * from usage_records where request_id = ?", requestId);
        if (rows.size() != 1) {
            throw new AssertionError("expected exactly one usage record for " + requestId + " but found " + rows.size());
        }
        return rows.get(0);
    }

    public long count() {
        recorder.flush();
        Long count = jdbc.queryForObject("select count(*) from usage_records", Long.class);
        return count == null ? 0 : count;
    }

}
