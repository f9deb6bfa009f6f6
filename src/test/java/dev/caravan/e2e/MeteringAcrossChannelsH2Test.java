package dev.caravan.e2e;

import dev.caravan.GatewayTest;

/** The metering contract on the embedded default store (H2), in the shared test context. */
@GatewayTest
class MeteringAcrossChannelsH2Test extends MeteringAcrossChannelsContract {
}
