package dev.caravan.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last requests the simulator received, per model: what a real provider would have seen.
 * Tests use it to prove what left the gateway (e.g. that a restricted prompt never reached a
 * public model, or that it arrived redacted). Bounded, in memory, simulator only.
 */
public class ReceivedRequests {

    static final int CAPACITY = 1000;

    private final Deque<Received> log = new ArrayDeque<>();

    /** One request as received: the model asked for and the message texts. */
    public record Received(String model, List<PromptMessage> messages, Instant at) {
        public boolean mentions(String text) {
            return messages.stream().anyMatch(m -> m.content() != null && m.content().contains(text));
        }
    }

    public synchronized void add(String model, List<PromptMessage> messages) {
        if (log.size() == CAPACITY) {
            log.removeFirst();
        }
        log.addLast(new Received(model, List.copyOf(messages), Instant.now()));
    }

    public synchronized List<Received> all() {
        return List.copyOf(log);
    }

    public synchronized void clear() {
        log.clear();
    }
}
