package dev.caravan.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.caravan.cache.CacheProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The in-process all-MiniLM-L6-v2 as a bean for Camel's langchain4j-embeddings endpoints
 * ({@code embeddingModel=#cacheEmbeddingModel}). The ONNX model is not loaded during start-up;
 * when the semantic cache is on it is loaded in the background once the gateway is ready, so
 * that the first cache miss does not wait a second for it.
 */
@Component("cacheEmbeddingModel")
public class LazyInProcessEmbeddingModel implements EmbeddingModel {

    private static final Logger log = LoggerFactory.getLogger(LazyInProcessEmbeddingModel.class);

    private final InProcessEmbeddings embeddings;
    private final boolean semanticCache;

    public LazyInProcessEmbeddingModel(InProcessEmbeddings embeddings, CacheProperties cache) {
        this.embeddings = embeddings;
        this.semanticCache = cache.enabled() && cache.semantic().enabled();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        if (semanticCache) {
            Thread warmUp = new Thread(() -> {
                try {
                    embeddings.model().embed("warm up");
                } catch (RuntimeException e) {
                    log.warn("the in-process embedding model could not be loaded: {}", e.toString());
                }
            }, "embedding-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return embeddings.model().embedAll(segments);
    }

    @Override
    public int dimension() {
        return 384;
    }
}
