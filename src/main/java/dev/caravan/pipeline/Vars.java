package dev.caravan.pipeline;

/**
 * Names of the exchange variables that carry a request's state through the routes. Headers
 * are for transport only; everything the pipeline decides lives here.
 */
public final class Vars {

    public static final String REQUEST_ID = "requestId";
    public static final String CHANNEL = "channel";
    public static final String RECEIVED_AT = "receivedAt";
    /** The model the caller asked for, kept even when the body fails validation later. */
    public static final String MODEL_REQUESTED = "modelRequested";
    /** chat or embedding, known from the endpoint before the body is parsed (for metering failures). */
    public static final String KIND = "kind";
    public static final String REQUEST = "request";
    /** What the caller presented (identity.Credentials), taken off the transport before anything logs it. */
    public static final String CREDENTIALS = "credentials";
    /** Who the request is from and under which plan (identity.Identity). */
    public static final String IDENTITY = "identity";
    /** What the plan and rate limits let in (pipeline.Admission). */
    public static final String ADMISSION = "admission";
    /** The budget reservation held for the call (budget.Reservation). */
    public static final String RESERVATION = "reservation";
    public static final String ROUTE = "route";
    public static final String CLASSIFICATION = "classification";
    /** What the response cache found ({@code CacheResult}), and what the store step needs afterwards. */
    public static final String CACHE_RESULT = "cacheResult";
    /** The request's AttemptPlan: the fallback chain's attempts and outcomes. */
    public static final String ATTEMPTS = "attempts";
    /** The model the current attempt calls (config.ModelProperties); read by the model-call routes. */
    public static final String MODEL = "model";
    /** The placeholders of a redacted request, to restore the answer; never leaves the exchange. */
    public static final String REDACTION = "redaction";
    public static final String RESPONSE = "response";
    public static final String TOKEN_SINK = "tokenSink";
    /** Set by the ingress error handlers: why the request failed, for the reply and the usage record. */
    public static final String FAILURE = "failure";
    public static final String EMBEDDING_BASE64 = "embeddingBase64";

    private Vars() {
    }
}
