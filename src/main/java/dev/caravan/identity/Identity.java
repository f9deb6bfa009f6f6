package dev.caravan.identity;

import dev.caravan.gateway.Caller;

/** Who is calling and under which plan; {@code plan} null: none (and always in dev mode). */
public record Identity(Caller caller, Plan plan) {

    private static final Identity ANONYMOUS = new Identity(Caller.anonymous(), null);

    public static Identity anonymous() {
        return ANONYMOUS;
    }
}
