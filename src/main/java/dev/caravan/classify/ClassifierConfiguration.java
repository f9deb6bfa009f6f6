package dev.caravan.classify;

import dev.caravan.classify.personal.PersonalDataDetectors;
import dev.caravan.classify.secrets.SecretDetectors;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The classifier with every built-in detector plus the keywords and patterns from configuration, and the policy. */
@Configuration(proxyBeanMethods = false)
class ClassifierConfiguration {

    @Bean
    Classifier classifier(SecurityProperties properties) {
        List<Detector> detectors = new ArrayList<>(SecretDetectors.all());
        detectors.addAll(PersonalDataDetectors.all());
        detectors.add(new KeywordDetector(properties.keywords(), properties.keywordThreshold()));
        properties.customDetectors().forEach(custom -> detectors.add(new CustomPatternDetector(custom)));
        return new Classifier(detectors);
    }

    /** The policy per level: configuration, with the admin API's rules laid over it at runtime. */
    @Bean
    PolicyRules policyRules(SecurityProperties properties) {
        return new PolicyRules(properties.policy());
    }
}
