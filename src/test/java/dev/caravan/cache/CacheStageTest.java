package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Sensitivity;
import dev.caravan.gateway.CacheControl;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatMessage.Role;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.gateway.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache stage's rules with the real in-process cache, index and guard; vectors are made up
 * (unit vectors with a chosen angle) so that similarity is exact and no model is loaded.
 */
class CacheStageTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final float[] NEAR = TestAnswers.unit(384, 7, 0.0);
    private static final float[] CLOSE = TestAnswers.unit(384, 7, 0.2);   // cos 0.2 = 0.980
    private static final float[] FAR = TestAnswers.unit(384, 7, 0.5);     // cos 0.5 = 0.878

    private final CaffeineResponseCache cache = new CaffeineResponseCache(1000);
    private final InMemorySemanticIndex index = new InMemorySemanticIndex(100, 1000);
    private static final CacheProperties.Semantic SEMANTIC_ON = new CacheProperties.Semantic(true, 0.95, null, null, 100, 5, SemanticGuard.Strictness.STANDARD);
    private CacheStage stage = stage(new CacheProperties(true, null, null, null, false, false, 1000, SEMANTIC_ON, null));

    @Test
    void a_stored_answer_is_served_to_the_same_tenant_only() {
        storeAnswer(request("acme", "Name three desert animals."), Classification.PUBLIC, "camel, fennec, addax");

        assertThat(stage.lookup(request("acme", "Name three desert animals."), Classification.PUBLIC).status())
                .isEqualTo(CacheResult.Status.HIT);
        assertThat(stage.lookup(request("globex", "Name three desert animals."), Classification.PUBLIC).status())
                .isEqualTo(CacheResult.Status.MISS);
        assertThat(stage.lookup(request(null, "Name three desert animals."), Classification.PUBLIC).status())
                .isEqualTo(CacheResult.Status.MISS);
    }

    @Test
    void a_semantic_match_is_served_within_its_tenant_only() {
        CacheResult stored = storeAnswer(request("acme", "Name three desert animals."), Classification.PUBLIC, "camel");
        index.add(stored.partition(), stored.key(), NEAR, stored.fingerprint(), Duration.ofHours(1));

        CacheResult sameTenant = semantic(request("acme", "Which three animals live in deserts?"), CLOSE);
        CacheResult otherTenant = semantic(request("globex", "Which three animals live in deserts?"), CLOSE);

        assertThat(sameTenant.status()).isEqualTo(CacheResult.Status.SEMANTIC_HIT);
        assertThat(sameTenant.answer().text()).isEqualTo("camel");
        assertThat(sameTenant.similarity()).isGreaterThan(0.95);
        assertThat(otherTenant.status()).isEqualTo(CacheResult.Status.MISS);
    }

    @Test
    void entries_are_kept_apart_by_sensitivity_level_and_per_user_when_configured() {
        var confidential = new Classification(Sensitivity.CONFIDENTIAL, List.of());
        storeAnswer(request("acme", "Draft the note."), confidential, "a confidential answer");
        assertThat(stage.lookup(request("acme", "Draft the note."), Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(stage.lookup(request("acme", "Draft the note."), confidential).status()).isEqualTo(CacheResult.Status.HIT);

        stage = stage(new CacheProperties(true, null, null, null, true, false, 1000, SEMANTIC_ON, null));
        storeAnswer(request("acme", "ann", "Plan my week."), Classification.PUBLIC, "ann's plan");
        assertThat(stage.lookup(request("acme", "ann", "Plan my week."), Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.HIT);
        assertThat(stage.lookup(request("acme", "bob", "Plan my week."), Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.MISS);
    }

    @Test
    void restricted_prompts_are_neither_looked_up_nor_stored() {
        var restricted = new Classification(Sensitivity.RESTRICTED, List.of());
        CacheResult result = stage.lookup(request("acme", "key AKIA..."), restricted);
        assertThat(result.status()).isEqualTo(CacheResult.Status.BYPASS);
        assertThat(result.reason()).isEqualTo("restricted");
        stage.store(request("acme", "key AKIA..."), result, response("answer", "stop"));
        assertThat(cache.entries()).isZero();
    }

    @Test
    void a_request_with_temperature_and_no_seed_is_cached_only_when_configured() {
        var random = withChat(request("acme", "Invent a name."), 0.8, null);
        var seeded = withChat(request("acme", "Invent a name."), 0.8, 42L);
        var zero = withChat(request("acme", "Invent a name."), 0.0, null);
        assertThat(stage.lookup(random, Classification.PUBLIC).reason()).isEqualTo("non-deterministic");
        assertThat(stage.lookup(seeded, Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(stage.lookup(zero, Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.MISS);

        stage = stage(new CacheProperties(true, null, null, null, false, true, 1000, SEMANTIC_ON, null));
        assertThat(stage.lookup(random, Classification.PUBLIC).status()).isEqualTo(CacheResult.Status.MISS);
    }

    @Test
    void the_callers_controls_decide_lookup_and_store() {
        var bypass = withControl(request("acme", "Q"), new CacheControl(true, false, false));
        var refresh = withControl(request("acme", "Q"), new CacheControl(false, true, false));
        var noStore = withControl(request("acme", "Q"), new CacheControl(false, false, true));
        assertThat(stage.lookup(bypass, Classification.PUBLIC).reason()).isEqualTo("caller");

        storeAnswer(request("acme", "Q"), Classification.PUBLIC, "old");
        CacheResult refreshing = stage.lookup(refresh, Classification.PUBLIC);
        assertThat(refreshing.status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(refreshing.lookup()).isFalse();
        stage.store(refresh, refreshing, response("new", "stop"));
        assertThat(stage.lookup(request("acme", "Q"), Classification.PUBLIC).answer().text()).isEqualTo("new");

        CacheResult notStoring = stage.lookup(noStore, Classification.PUBLIC);
        assertThat(notStoring.status()).isEqualTo(CacheResult.Status.HIT);
        cache.invalidate(CacheInvalidation.everything());
        CacheResult missNotStoring = stage.lookup(noStore, Classification.PUBLIC);
        stage.store(noStore, missNotStoring, response("never kept", "stop"));
        assertThat(cache.entries()).isZero();
    }

    @Test
    void embeddings_and_filtered_or_empty_answers_are_not_cached() {
        var embedding = new GatewayRequest("req_e", Channel.REST, Caller.anonymous(), null, "all-minilm-l6-v2",
                new EmbeddingRequest(List.of("text")), RequestOptions.NONE, T0);
        assertThat(stage.lookup(embedding, Classification.PUBLIC).reason()).isEqualTo("not-chat");

        CacheResult miss = stage.lookup(request("acme", "Q"), Classification.PUBLIC);
        stage.store(request("acme", "Q"), miss, response("blocked", "content_filter"));
        stage.store(request("acme", "Q"), miss, response("", "stop"));
        assertThat(cache.entries()).isZero();
    }

    @Test
    void a_semantic_candidate_is_refused_when_the_guard_sees_a_different_request() {
        CacheResult stored = storeAnswer(request("acme", "What is 15% of 80?"), Classification.PUBLIC, "12");
        index.add(stored.partition(), stored.key(), NEAR, stored.fingerprint(), Duration.ofHours(1));

        assertThat(semantic(request("acme", "What is 15% of 90?"), NEAR).status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(semantic(request("acme", "what is 15 % of 80"), NEAR).status()).isEqualTo(CacheResult.Status.SEMANTIC_HIT);
    }

    @Test
    void a_semantic_candidate_below_the_threshold_or_whose_answer_is_gone_is_a_miss() {
        CacheResult stored = storeAnswer(request("acme", "Name three desert animals."), Classification.PUBLIC, "camel");
        index.add(stored.partition(), stored.key(), NEAR, stored.fingerprint(), Duration.ofHours(1));
        assertThat(semantic(request("acme", "Which three animals live in deserts?"), FAR).status()).isEqualTo(CacheResult.Status.MISS);

        cache.invalidate(new CacheInvalidation("acme", null, null));
        assertThat(semantic(request("acme", "Which three animals live in deserts?"), CLOSE).status()).isEqualTo(CacheResult.Status.MISS);
    }

    @Test
    void the_task_decides_ttl_and_threshold_before_the_model() {
        var semantic = new CacheProperties.Semantic(true, 0.95, Map.of("sim-small", 0.9), Map.of("quiz", 0.99), 100, 5,
                SemanticGuard.Strictness.STANDARD);
        stage = stage(new CacheProperties(true, Duration.ofHours(1), Map.of("sim-small", Duration.ofMinutes(5)),
                Map.of("quiz", Duration.ofDays(7)), false, false, 1000, semantic, null));
        assertThat(stage.ttl("sim-small", "quiz")).isEqualTo(Duration.ofDays(7));
        assertThat(stage.ttl("sim-small", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(stage.ttl("sim-large", "other")).isEqualTo(Duration.ofHours(1));
        assertThat(stage.threshold("sim-small", "quiz")).isEqualTo(0.99);
        assertThat(stage.threshold("sim-small", null)).isEqualTo(0.9);
        assertThat(stage.threshold("sim-large", null)).isEqualTo(0.95);
    }

    @Test
    void a_hit_is_answered_under_the_new_request_id_at_no_cost() {
        storeAnswer(request("acme", "Q"), Classification.PUBLIC, "A");
        GatewayRequest again = request("acme", "Q");
        GatewayResponse answer = stage.answer(again, stage.lookup(again, Classification.PUBLIC));
        assertThat(answer.requestId()).isEqualTo(again.requestId());
        assertThat(answer.costMicros()).isZero();
        assertThat(answer.text()).isEqualTo("A");
        assertThat(answer.model()).isEqualTo("sim-small");
    }

    @Test
    void with_the_semantic_cache_off_nothing_is_embedded() {
        stage = stage(CacheProperties.defaults());
        CacheResult result = stage.lookup(request("acme", "Name three desert animals."), Classification.PUBLIC);
        assertThat(result.status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(result.needsEmbedding()).isFalse();
    }

    @Test
    void long_prompts_are_cached_exactly_but_not_compared_semantically() {
        String longPrompt = "word ".repeat(CacheStage.SEMANTIC_MAX_WORDS + 1) + "end";
        CacheResult result = stage.lookup(request("acme", longPrompt), Classification.PUBLIC);
        assertThat(result.status()).isEqualTo(CacheResult.Status.MISS);
        assertThat(result.partition()).isNull();
        assertThat(result.needsEmbedding()).isFalse();
    }

    private CacheStage stage(CacheProperties properties) {
        return new CacheStage(properties, cache, index, new SemanticGuard(), java.time.Clock.fixed(T0.plusMillis(5), java.time.ZoneOffset.UTC));
    }

    private CacheResult storeAnswer(GatewayRequest request, Classification classification, String text) {
        CacheResult miss = stage.lookup(request, classification);
        assertThat(miss.status()).isEqualTo(CacheResult.Status.MISS);
        stage.store(request, miss, response(text, "stop"));
        return miss;
    }

    private CacheResult semantic(GatewayRequest request, float[] vector) {
        CacheResult miss = stage.lookup(request, Classification.PUBLIC);
        assertThat(miss.needsEmbedding()).isTrue();
        return stage.semantic(miss, vector, request.model(), request.task());
    }

    private static int ids;

    private static GatewayRequest request(String tenant, String prompt) {
        return request(tenant, null, prompt);
    }

    private static GatewayRequest request(String tenant, String user, String prompt) {
        var chat = new ChatRequest(List.of(new ChatMessage(Role.SYSTEM, "Be brief.", null), new ChatMessage(Role.USER, prompt, null)),
                null, null, null, null, null, null, null, null, null, false, false);
        return new GatewayRequest("req_" + ++ids, Channel.REST, new Caller(tenant, user, null, null), null, "sim-small", chat,
                RequestOptions.NONE, T0);
    }

    private static GatewayRequest withChat(GatewayRequest r, Double temperature, Long seed) {
        ChatRequest c = r.chat();
        return r.withPayload(new ChatRequest(c.messages(), temperature, null, null, null, seed, null, null, null, null, false, false));
    }

    private static GatewayRequest withControl(GatewayRequest r, CacheControl control) {
        return new GatewayRequest(r.requestId(), r.channel(), r.caller(), r.task(), r.model(), r.payload(),
                new RequestOptions(null, null, null, control), r.receivedAt());
    }

    private static GatewayResponse response(String text, String finishReason) {
        return new GatewayResponse("req_x", "simulator", "sim-small", text, finishReason, null, new TokenUsage(10, 20), 1234, 50,
                T0.getEpochSecond());
    }
}
