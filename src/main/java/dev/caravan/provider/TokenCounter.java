package dev.caravan.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.caravan.gateway.ChatMessage;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts tokens with the cl100k encoding, for the rare answer whose provider reports no usage
 * (some streams): an estimate, but from a real tokenizer rather than characters divided by 4.
 */
@Component
public class TokenCounter {

    /** OpenAI's documented per-message framing overhead for chat formats. */
    private static final int PER_MESSAGE_OVERHEAD = 4;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public long count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    public long count(List<ChatMessage> messages) {
        long total = 0;
        for (ChatMessage m : messages) {
            total += PER_MESSAGE_OVERHEAD + count(m.content());
        }
        return total;
    }
}
