package dev.caravan.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * LangChain4j's all-MiniLM-L6-v2 (384 dimensions, ONNX, offline). Loaded on first use: the
 * model takes about a second to load and many deployments never embed.
 */
@Component
public class InProcessEmbeddings {

    private volatile EmbeddingModel model;

    public EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            synchronized (this) {
                current = model;
                if (current == null) {
                    current = new AllMiniLmL6V2EmbeddingModel();
                    model = current;
                }
            }
        }
        return current;
    }
}
