package dev.caravan.deadletter;

import static dev.caravan.deadletter.TestLetters.AWS_KEY;
import static dev.caravan.deadletter.TestLetters.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.classify.Classification;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The assertions every dead-letter database must pass, run against H2 by {@link DeadLetterStoreTest}
 * and against PostgreSQL by {@link DeadLetterPostgresIT}: the store and the replay flow on top of it.
 * Subclasses provide a migrated, empty {@code dead_letters} table before each test.
 */
abstract class DeadLetterStoreContract {

    /** A data source whose {@code dead_letters} table exists and is empty. */
    protected abstract DataSource dataSource();

    protected final TestLetters.MutableClock clock = new TestLetters.MutableClock(TestLetters.T0);

    protected JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    protected DeadLetterStore store(DeadLetterCodec codec) {
        return new DeadLetterStore(dataSource(), codec, clock);
    }

    protected DeadLetterStore maskingStore() {
        return store(new DeadLetterCodec(DeadLetterProperties.masking(), (Function<List<String>, Classification>) null));
    }

    protected DeadLetterStore encryptingStore(String key) {
        return store(new DeadLetterCodec(new DeadLetterProperties(key), (Function<List<String>, Classification>) null));
    }

    private static NewDeadLetter failed(GatewayRequest request) {
        return NewDeadLetter.of(request, Classification.PUBLIC, "model_unavailable", "No model could answer.")
                .withAttempts("sim-small:error,sim-large:timeout")
                .withReplyTo("caravan.responses", "ID:corr-1");
    }

    // ---------------------------------------------------------------- store

    @Test
    void should_store_metadata_and_a_decodable_payload_when_a_letter_is_saved() {
        // given
        DeadLetterStore store = maskingStore();
        GatewayRequest request = TestLetters.chat("req_a1", Channel.JMS, "Hello", "Hi", "More");

        // when
        DeadLetter saved = store.save(failed(request));
        DeadLetter found = store.find(saved.id()).orElseThrow();

        // then
        assertThat(saved.id()).startsWith("dl_").hasSize(35);
        assertThat(found.requestId()).isEqualTo("req_a1");
        assertThat(found.channel()).isEqualTo(Channel.JMS);
        // both databases keep microseconds (rounded or cut): within one of the instant saved
        assertThat(Duration.between(TestLetters.T0, found.createdAt()).abs()).isLessThanOrEqualTo(Duration.ofNanos(1_000));
        assertThat(found.errorCode()).isEqualTo("model_unavailable");
        assertThat(found.errorMessage()).isEqualTo("No model could answer.");
        assertThat(found.attempts()).isEqualTo("sim-small:error,sim-large:timeout");
        assertThat(found.modelRequested()).isEqualTo("auto");
        assertThat(found.sensitivity()).isEqualTo("public");
        assertThat(found.payloadFormat()).isEqualTo("masked");
        assertThat(found.replyTo()).isEqualTo("caravan.responses");
        assertThat(found.correlationId()).isEqualTo("ID:corr-1");
        assertThat(found.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(found.replayAttempts()).isZero();
        assertThat(found.responseStored()).isFalse();
        assertThat(found.payload()).isEqualTo(saved.payload());
        assertThat(store.codec().decode(found.payloadFormat(), found.payload(), found.requestId())).isEqualTo(request);
        assertThat(store.find("dl_missing")).isEmpty();
    }

    @Test
    void should_store_no_restricted_value_when_the_letter_is_masked() {
        // given
        DeadLetterStore store = maskingStore();
        GatewayRequest request = TestLetters.secretChat("req_a2");

        // when
        DeadLetter saved = store.save(NewDeadLetter.of(request, TestLetters.secretClassification(request),
                "internal_error", "boom"));

        // then: nothing in the row holds the values
        String row = String.join("|", jdbc().queryForList("SELECT payload FROM dead_letters", String.class));
        assertThat(row).doesNotContain(AWS_KEY).doesNotContain(PASSWORD).contains("[AWS_ACCESS_KEY_1]");
        assertThat(store.find(saved.id()).orElseThrow().sensitivity()).isEqualTo("restricted");
    }

    @Test
    void should_store_ciphertext_that_decodes_exactly_when_a_key_is_configured() {
        // given
        DeadLetterStore store = encryptingStore(TestLetters.newKey());
        GatewayRequest request = TestLetters.secretChat("req_a3");

        // when
        DeadLetter saved = store.save(failed(request));

        // then
        DeadLetter found = store.find(saved.id()).orElseThrow();
        assertThat(found.payloadFormat()).isEqualTo("aes-gcm");
        assertThat(found.payload()).doesNotContain(AWS_KEY).doesNotContain("terse");
        assertThat(store.codec().decode(found.payloadFormat(), found.payload(), found.requestId())).isEqualTo(request);
    }

    @Test
    void should_store_a_payload_of_several_megabytes_when_the_request_is_large() {
        // given: above any VARCHAR a portable schema could declare
        DeadLetterStore store = encryptingStore(TestLetters.newKey());
        GatewayRequest request = TestLetters.embedding("req_a4", "ü".repeat(1_500_000), "x".repeat(1_000_000));

        // when
        DeadLetter saved = store.save(NewDeadLetter.of(request, null, "internal_error", null));

        // then
        DeadLetter found = store.find(saved.id()).orElseThrow();
        assertThat(found.payload().length()).isGreaterThan(4_000_000);
        assertThat(store.codec().decode(found.payloadFormat(), found.payload(), found.requestId())).isEqualTo(request);
    }

    @Test
    void should_clip_long_labels_and_drop_an_oversized_reply_address_when_saving() {
        // given
        DeadLetterStore store = maskingStore();
        NewDeadLetter letter = new NewDeadLetter(TestLetters.chat("req_a5", Channel.JMS, "hi"), null,
                "c".repeat(100), "m".repeat(2_000), "a".repeat(2_000), "q".repeat(600), "k".repeat(300));

        // when
        DeadLetter saved = store.save(letter);

        // then
        DeadLetter found = store.find(saved.id()).orElseThrow();
        assertThat(found.errorCode()).hasSize(64);
        assertThat(found.errorMessage()).hasSize(1024);
        assertThat(found.attempts()).hasSize(1024);
        assertThat(found.replyTo()).isNull();
        assertThat(found.correlationId()).isNull();
    }

    @Test
    void should_list_metadata_newest_first_filtered_by_status_when_listing() {
        // given
        DeadLetterStore store = maskingStore();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.save(failed(TestLetters.chat("req_l" + i, Channel.REST, "hi " + i))).id());
            clock.advance(Duration.ofSeconds(1));
        }
        store.markReplaying(ids.get(1));
        store.markReplayed(ids.get(1), "replay_l1_1", null);

        // when
        List<DeadLetterView> all = store.list(null, 100);
        List<DeadLetterView> pending = store.list("PENDING", 2);
        List<DeadLetterView> replayed = store.list("replayed", 10);

        // then
        assertThat(all).extracting(DeadLetterView::id)
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(all.get(0).channel()).isEqualTo("rest");
        assertThat(pending).extracting(DeadLetterView::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(replayed).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(DeadLetterStatus.REPLAYED);
            assertThat(v.replayRequestId()).isEqualTo("replay_l1_1");
            assertThat(v.replayedAt()).isNotNull();
            assertThat(v.payloadFormat()).isEqualTo("masked");
        });
        assertThat(store.oldestIds(DeadLetterStatus.PENDING, 2)).containsExactly(ids.get(0), ids.get(2));
        assertThat(store.count(null)).isEqualTo(5);
        assertThat(store.count("pending")).isEqualTo(4);
        assertThat(store.count("failed")).isZero();
        assertThat(store.view(ids.get(0))).map(DeadLetterView::requestId).contains("req_l0");
        assertThatThrownBy(() -> store.list("lost", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pending, replaying, replayed, failed");
    }

    @Test
    void should_let_only_one_of_two_calls_take_a_letter_when_marking_replaying() {
        // given
        DeadLetterStore store = maskingStore();
        String id = store.save(failed(TestLetters.chat("req_m1", Channel.JMS, "hi"))).id();

        // when
        boolean first = store.markReplaying(id);
        boolean second = store.markReplaying(id);

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(DeadLetterStatus.REPLAYING);
        assertThat(store.markReplaying("dl_missing")).isFalse();
    }

    @Test
    void should_let_exactly_one_thread_take_a_letter_when_many_race_for_it() throws Exception {
        // given
        DeadLetterStore store = maskingStore();
        String id = store.save(failed(TestLetters.chat("req_m2", Channel.JMS, "hi"))).id();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);

        // when
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Callable<Boolean> take = () -> {
                    start.await();
                    return store.markReplaying(id);
                };
                results.add(pool.submit(take));
            }
            start.countDown();
            int taken = 0;
            for (Future<Boolean> result : results) {
                taken += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            // then
            assertThat(taken).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().replayAttempts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_allow_another_replay_only_after_a_failure_when_marking() {
        // given
        DeadLetterStore store = maskingStore();
        String id = store.save(failed(TestLetters.chat("req_m3", Channel.JMS, "hi"))).id();

        // when / then
        assertThat(store.markFailed(id, "provider_error", "x")).isFalse(); // not being replayed
        assertThat(store.markReplaying(id)).isTrue();
        assertThat(store.markFailed(id, "replay_m3_1", "provider_error", "Upstream failed.")).isTrue();
        DeadLetter failed = store.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeadLetterStatus.FAILED);
        assertThat(failed.replayErrorCode()).isEqualTo("provider_error");
        assertThat(failed.replayErrorMessage()).isEqualTo("Upstream failed.");
        assertThat(failed.errorCode()).isEqualTo("model_unavailable"); // the original failure is kept
        assertThat(store.markReplaying(id)).isTrue();
        assertThat(store.find(id).orElseThrow().replayErrorCode()).isNull();
        assertThat(store.markReplayed(id, "replay_m3_2", null)).isTrue();
        assertThat(store.markReplaying(id)).isFalse();
        assertThat(store.markReplayed(id, "replay_m3_3", null)).isFalse();
        DeadLetter replayed = store.find(id).orElseThrow();
        assertThat(replayed.status()).isEqualTo(DeadLetterStatus.REPLAYED);
        assertThat(replayed.replayAttempts()).isEqualTo(2);
        assertThat(replayed.replayRequestId()).isEqualTo("replay_m3_2");
    }

    @Test
    void should_mark_failed_the_replays_that_never_finished_when_releasing_stuck_ones() {
        // given
        DeadLetterStore store = maskingStore();
        String stuck = store.save(failed(TestLetters.chat("req_s1", Channel.JMS, "hi"))).id();
        store.markReplaying(stuck);
        clock.advance(Duration.ofMinutes(30));
        String recent = store.save(failed(TestLetters.chat("req_s2", Channel.JMS, "hi"))).id();
        store.markReplaying(recent);

        // when
        int released = store.releaseStuck(Duration.ofMinutes(10));

        // then
        assertThat(released).isEqualTo(1);
        assertThat(store.find(stuck).orElseThrow().status()).isEqualTo(DeadLetterStatus.FAILED);
        assertThat(store.find(stuck).orElseThrow().replayErrorCode()).isEqualTo("replay_interrupted");
        assertThat(store.find(recent).orElseThrow().status()).isEqualTo(DeadLetterStatus.REPLAYING);
    }

    // ---------------------------------------------------------------- replay flow

    @Test
    void should_mark_replayed_and_pass_a_new_request_id_when_the_replayer_delivers() {
        // given
        DeadLetterStore store = encryptingStore(TestLetters.newKey());
        GatewayRequest original = TestLetters.secretChat("req_0123456789abcdef0123456789abcdef");
        DeadLetter letter = store.save(failed(original));
        List<GatewayRequest> seen = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        clock.advance(Duration.ofMinutes(5));
        DeadLetterService service = new DeadLetterService(store, () -> (request, dl) -> {
            seen.add(request);
            letters.add(dl);
            return ReplayResult.answeredAndDelivered();
        }, clock);

        // when
        ReplayOutcome outcome = service.replay(letter.id());

        // then
        assertThat(outcome).isEqualTo(new ReplayOutcome(letter.id(), DeadLetterStatus.REPLAYED,
                "replay_0123456789abcdef0123456789abcdef_1", true, null));
        GatewayRequest replayed = seen.get(0);
        assertThat(replayed.requestId()).isEqualTo(outcome.replayRequestId());
        assertThat(replayed.payload()).isEqualTo(original.payload()); // exact: secrets included
        assertThat(replayed.channel()).isEqualTo(Channel.JMS);
        assertThat(replayed.caller()).isEqualTo(original.caller());
        assertThat(replayed.options()).isEqualTo(original.options());
        assertThat(replayed.receivedAt()).isEqualTo(clock.instant());
        assertThat(letters.get(0).replyTo()).isEqualTo("caravan.responses");
        assertThat(letters.get(0).correlationId()).isEqualTo("ID:corr-1");
        assertThat(letters.get(0).status()).isEqualTo(DeadLetterStatus.REPLAYING);
        DeadLetterView view = service.get(letter.id());
        assertThat(view.status()).isEqualTo(DeadLetterStatus.REPLAYED);
        assertThat(view.replayRequestId()).isEqualTo(outcome.replayRequestId());
        assertThat(view.responseStored()).isFalse();
        assertThat(service.replayResponse(letter.id())).isEmpty();
    }

    @Test
    void should_keep_the_answer_protected_when_it_could_not_be_delivered() {
        // given: a REST caller is gone by the time of the replay
        DeadLetterStore store = encryptingStore(TestLetters.newKey());
        DeadLetter letter = store.save(NewDeadLetter.of(TestLetters.chat("req_u1", Channel.REST, "hi"), null,
                "model_unavailable", "No model could answer."));
        String answer = "{\"id\":\"chatcmpl-1\",\"text\":\"the key is " + AWS_KEY + "\"}";
        DeadLetterService service = new DeadLetterService(store, (request, dl) -> ReplayResult.undelivered(answer));

        // when
        ReplayOutcome outcome = service.replay(letter.id());

        // then
        assertThat(outcome.status()).isEqualTo(DeadLetterStatus.REPLAYED);
        assertThat(outcome.delivered()).isFalse();
        assertThat(service.get(letter.id()).responseStored()).isTrue();
        assertThat(jdbc().queryForObject("SELECT replay_response FROM dead_letters", String.class))
                .doesNotContain(AWS_KEY).doesNotContain("chatcmpl");
        assertThat(service.replayResponse(letter.id())).contains(answer);
    }

    @Test
    void should_mark_failed_and_allow_another_replay_when_the_replay_fails() {
        // given
        DeadLetterStore store = maskingStore();
        DeadLetter letter = store.save(failed(TestLetters.chat("req_f1", Channel.FILE, "hi")));
        List<ReplayResult> results = new ArrayList<>(List.of(
                ReplayResult.failed("model_unavailable", "No model could answer."), ReplayResult.answeredAndDelivered()));
        DeadLetterService service = new DeadLetterService(store, (request, dl) -> results.remove(0));

        // when
        ReplayOutcome first = service.replay(letter.id());
        DeadLetterView afterFirst = service.get(letter.id());
        ReplayOutcome second = service.replay(letter.id());

        // then
        assertThat(first).isEqualTo(new ReplayOutcome(letter.id(), DeadLetterStatus.FAILED, "replay_f1_1", false,
                "model_unavailable"));
        assertThat(afterFirst.status()).isEqualTo(DeadLetterStatus.FAILED);
        assertThat(afterFirst.replayErrorCode()).isEqualTo("model_unavailable");
        assertThat(afterFirst.replayRequestId()).isEqualTo("replay_f1_1");
        assertThat(second).isEqualTo(new ReplayOutcome(letter.id(), DeadLetterStatus.REPLAYED, "replay_f1_2", true,
                null));
        assertThat(service.get(letter.id()).replayAttempts()).isEqualTo(2);
    }

    @Test
    void should_mark_failed_with_the_error_code_when_the_replayer_throws() {
        // given
        DeadLetterStore store = maskingStore();
        String known = store.save(failed(TestLetters.chat("req_t1", Channel.JMS, "hi"))).id();
        String unexpected = store.save(failed(TestLetters.chat("req_t2", Channel.JMS, "hi"))).id();
        DeadLetterService service = new DeadLetterService(store, (request, dl) -> {
            if (dl.id().equals(known)) {
                throw new IllegalStateException("wrapped",
                        new GatewayException(ErrorKind.PROVIDER_TIMEOUT, "The provider timed out."));
            }
            throw new IllegalStateException("something internal");
        });

        // when
        ReplayOutcome timedOut = service.replay(known);
        ReplayOutcome broken = service.replay(unexpected);

        // then
        assertThat(timedOut.errorCode()).isEqualTo("provider_timeout");
        assertThat(service.get(known).replayErrorMessage()).isEqualTo("The provider timed out.");
        assertThat(broken.errorCode()).isEqualTo("internal_error");
        assertThat(service.get(unexpected).replayErrorMessage()).doesNotContain("something internal");
        assertThat(service.get(unexpected).status()).isEqualTo(DeadLetterStatus.FAILED);
    }

    @Test
    void should_refuse_with_a_409_reason_when_the_letter_was_already_replayed() {
        // given
        DeadLetterStore store = maskingStore();
        String id = store.save(failed(TestLetters.chat("req_r1", Channel.JMS, "hi"))).id();
        DeadLetterService service = new DeadLetterService(store, (request, dl) -> ReplayResult.answeredAndDelivered());
        service.replay(id);

        // when / then
        assertThatThrownBy(() -> service.replay(id)).isInstanceOfSatisfying(DeadLetterException.class, e -> {
            assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.ALREADY_REPLAYED);
            assertThat(e.status()).isEqualTo(409);
        });
    }

    @Test
    void should_refuse_with_a_409_reason_when_the_letter_is_being_replayed() {
        // given: the replayer tries to replay the same letter while it runs
        DeadLetterStore store = maskingStore();
        String id = store.save(failed(TestLetters.chat("req_r2", Channel.JMS, "hi"))).id();
        List<DeadLetterException> nested = new ArrayList<>();
        DeadLetterService[] service = new DeadLetterService[1];
        service[0] = new DeadLetterService(store, (request, dl) -> {
            try {
                service[0].replay(id);
            } catch (DeadLetterException e) {
                nested.add(e);
            }
            return ReplayResult.answeredAndDelivered();
        });

        // when
        ReplayOutcome outcome = service[0].replay(id);

        // then
        assertThat(outcome.status()).isEqualTo(DeadLetterStatus.REPLAYED);
        assertThat(nested).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.IN_PROGRESS);
            assertThat(e.status()).isEqualTo(409);
        });
        assertThat(service[0].get(id).replayAttempts()).isEqualTo(1);
    }

    @Test
    void should_refuse_with_404_422_and_503_reasons_and_leave_the_letter_pending() {
        // given
        DeadLetterStore writer = encryptingStore(TestLetters.newKey());
        String id = writer.save(failed(TestLetters.secretChat("req_r3"))).id();
        DeadLetterService otherKey = new DeadLetterService(encryptingStore(TestLetters.newKey()),
                (request, dl) -> ReplayResult.answeredAndDelivered());
        DeadLetterService noReplayer = new DeadLetterService(writer, (Replayer) null);

        // when / then
        assertThatThrownBy(() -> otherKey.replay("dl_missing")).isInstanceOfSatisfying(DeadLetterException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> otherKey.get("dl_missing")).isInstanceOf(DeadLetterException.class);
        assertThatThrownBy(() -> otherKey.replay(id)).isInstanceOfSatisfying(DeadLetterException.class, e -> {
            assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.UNDECRYPTABLE);
            assertThat(e.status()).isEqualTo(422);
        });
        assertThatThrownBy(() -> noReplayer.replay(id)).isInstanceOfSatisfying(DeadLetterException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(writer.find(id).orElseThrow().status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(writer.find(id).orElseThrow().replayAttempts()).isZero();
    }

    @Test
    void should_replay_pending_letters_oldest_first_when_replaying_all() {
        // given
        DeadLetterStore store = maskingStore();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(store.save(failed(TestLetters.chat("req_all" + i, Channel.JMS, "hi"))).id());
            clock.advance(Duration.ofSeconds(1));
        }
        List<String> order = new ArrayList<>();
        DeadLetterService service = new DeadLetterService(store, (request, dl) -> {
            order.add(dl.id());
            return ReplayResult.answeredAndDelivered();
        });
        service.replay(ids.get(1));
        order.clear();

        // when
        List<ReplayOutcome> outcomes = service.replayAll(10);

        // then
        assertThat(order).containsExactly(ids.get(0), ids.get(2));
        assertThat(outcomes).extracting(ReplayOutcome::status).containsOnly(DeadLetterStatus.REPLAYED);
        assertThat(service.count("pending")).isZero();
        assertThat(service.count("replayed")).isEqualTo(3);
    }
}
