package dev.caravan.identity;

/**
 * A key just created or rotated, with its secret: the only time the secret exists outside the
 * caller's hands. {@link #toString()} leaves it out, so logging this record cannot leak it.
 */
public record CreatedKey(String secret, ApiKey key) {

    @Override
    public String toString() {
        return "CreatedKey[secret=" + key.display() + ", key=" + key + "]";
    }
}
