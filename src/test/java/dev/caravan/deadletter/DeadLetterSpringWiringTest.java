package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classifier;
import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import dev.caravan.gateway.Channel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The dead-letter beans in a minimal Spring context (no Camel): key binding and start-up
 * validation, wiring with and without a {@link Replayer}, and the application's classifier
 * masking a request stored without a classification.
 */
class DeadLetterSpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(DeadLetterConfiguration.class, DeadLetterCodec.class, DeadLetterStore.class,
                    DeadLetterService.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:dl_wiring_"
                    + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_encrypt_with_the_bound_key_and_replay_through_the_replayer_bean_when_configured() {
        String key = TestLetters.newKey();
        runner.withPropertyValues("caravan.dead-letters.encryption-key=" + key)
                .withBean(Replayer.class, () -> (request, letter) -> ReplayResult.answeredAndDelivered())
                .run(context -> {
                    // given
                    assertThat(context).hasNotFailed();
                    DeadLetterService service = context.getBean(DeadLetterService.class);
                    DeadLetter letter = service.record(NewDeadLetter.of(TestLetters.secretChat("req_w1"), null,
                            "model_unavailable", "No model could answer."));

                    // when
                    ReplayOutcome outcome = service.replay(letter.id());

                    // then
                    assertThat(context.getBean(DeadLetterCodec.class).encrypts()).isTrue();
                    assertThat(letter.payloadFormat()).isEqualTo(DeadLetterCodec.AES_GCM);
                    assertThat(outcome.status()).isEqualTo(DeadLetterStatus.REPLAYED);
                    assertThat(context.getBean(DeadLetterProperties.class).toString()).doesNotContain(key);
                });
    }

    @Test
    void should_mask_with_the_application_classifier_and_refuse_replays_when_no_replayer_exists() {
        runner.withBean(Classifier.class, () -> new Classifier(List.of(new AwsKeyOnly())))
                .run(context -> {
                    // given
                    assertThat(context).hasNotFailed();
                    DeadLetterService service = context.getBean(DeadLetterService.class);

                    // when: stored without a classification (the failure came before classification)
                    DeadLetter letter = service.record(NewDeadLetter.of(
                            TestLetters.chat("req_w2", Channel.REST, "key " + TestLetters.AWS_KEY), null,
                            "internal_error", "The gateway failed."));

                    // then
                    assertThat(letter.payloadFormat()).isEqualTo(DeadLetterCodec.MASKED);
                    assertThat(letter.payload()).doesNotContain(TestLetters.AWS_KEY).contains("[AWS_ACCESS_KEY_1]");
                    assertThat(letter.sensitivity()).isEqualTo("restricted");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.replay(letter.id()))
                            .isInstanceOfSatisfying(DeadLetterException.class,
                                    e -> assertThat(e.status()).isEqualTo(503));
                });
    }

    /** Finds the test's AWS key, nothing else. */
    private static final class AwsKeyOnly implements Detector {

        @Override
        public String name() {
            return "test-aws";
        }

        @Override
        public void detect(String text, int message, List<Finding> out) {
            int at = text.indexOf(TestLetters.AWS_KEY);
            if (at >= 0) {
                out.add(new Finding(FindingType.AWS_ACCESS_KEY, message, at, at + TestLetters.AWS_KEY.length(),
                        name(), 1.0));
            }
        }
    }

    @Test
    void should_fail_start_up_without_printing_the_key_when_it_has_the_wrong_length() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
        runner.withPropertyValues("caravan.dead-letters.encryption-key=" + shortKey).run(context -> {
            // then
            assertThat(context).hasFailed();
            StringWriter trace = new StringWriter();
            context.getStartupFailure().printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).contains("CARAVAN_DLQ_KEY").contains("decodes to 16 bytes")
                    .doesNotContain(shortKey);
        });
    }
}
