package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which alert sinks exist for which {@code caravan.budgets.alerts} settings. */
class AlertSinkWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withUserConfiguration(AlertSinkConfiguration.class);

    @Test
    void should_have_only_the_jms_sink_when_no_webhook_is_set() {
        runner.withPropertyValues("caravan.budgets.alerts.webhook-url=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(AlertSink.class)).containsOnlyKeys("jmsAlertSink");
        });
    }

    @Test
    void should_add_the_webhook_sink_when_a_webhook_url_is_set() {
        runner.withPropertyValues("caravan.budgets.alerts.webhook-url=https://hooks.example.com/T0/secret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(AlertSink.class))
                            .containsOnlyKeys("jmsAlertSink", "webhookAlertSink");
                });
    }

    @Test
    void should_have_no_sink_when_jms_is_disabled_and_no_webhook_is_set() {
        runner.withPropertyValues("caravan.budgets.alerts.jms-enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(AlertSink.class)).isEmpty();
        });
    }

    @Test
    void should_fail_at_start_without_repeating_the_url_when_the_webhook_url_is_bad() {
        runner.withPropertyValues("caravan.budgets.alerts.webhook-url=ftp://user:secret@files.example.com/")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("webhook-url")
                            .hasMessageNotContaining("secret");
                });
    }
}
