package dev.caravan.classify;

/**
 * What a detector found. The names are part of the API (classification results, block errors,
 * metering); each type carries the sensitivity level it raises a request to.
 */
public enum FindingType {
    // live credentials and keys: restricted
    PRIVATE_KEY(Sensitivity.RESTRICTED),
    AWS_ACCESS_KEY(Sensitivity.RESTRICTED),
    AWS_SECRET_KEY(Sensitivity.RESTRICTED),
    GOOGLE_API_KEY(Sensitivity.RESTRICTED),
    GITHUB_TOKEN(Sensitivity.RESTRICTED),
    SLACK_TOKEN(Sensitivity.RESTRICTED),
    SLACK_WEBHOOK(Sensitivity.RESTRICTED),
    STRIPE_KEY(Sensitivity.RESTRICTED),
    OPENAI_API_KEY(Sensitivity.RESTRICTED),
    ANTHROPIC_API_KEY(Sensitivity.RESTRICTED),
    JWT(Sensitivity.RESTRICTED),
    PASSWORD(Sensitivity.RESTRICTED),
    /** A URI or connection string that embeds a password. */
    CONNECTION_STRING(Sensitivity.RESTRICTED),
    /** Other vendors' keys (GitLab, npm, Hugging Face, SendGrid, Twilio, Azure storage, …) and context-identified generic secrets. */
    API_KEY(Sensitivity.RESTRICTED),
    // payment card and bank account numbers: restricted
    CREDIT_CARD(Sensitivity.RESTRICTED),
    IBAN(Sensitivity.RESTRICTED),
    // personal data of identifiable people: confidential
    EMAIL(Sensitivity.CONFIDENTIAL),
    PHONE(Sensitivity.CONFIDENTIAL),
    US_SSN(Sensitivity.CONFIDENTIAL),
    NATIONAL_ID(Sensitivity.CONFIDENTIAL),
    PASSPORT(Sensitivity.CONFIDENTIAL),
    IP_ADDRESS(Sensitivity.CONFIDENTIAL),
    DATE_OF_BIRTH(Sensitivity.CONFIDENTIAL),
    // marked, but no concrete data: internal
    EXAMPLE_CREDENTIAL(Sensitivity.INTERNAL),
    KEYWORD(Sensitivity.INTERNAL);

    private final Sensitivity level;

    FindingType(Sensitivity level) {
        this.level = level;
    }

    public Sensitivity level() {
        return level;
    }
}
