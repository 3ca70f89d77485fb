package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ID of something a store owns, as the kernel stores and hands it out: {@code {tenant}:{kind}:{id}}, e.g.
 * {@code acme:printful-order:777001}. The prefix makes every ID say whose it is, so an ID of another store is
 * recognised wherever it turns up (tool input, a webhook, a row) and refused before anything happens with it.
 *
 * <p>Provider IDs (a Shopify GID, a Stripe PaymentIntent ID) are not entity IDs: they are the provider's names and are
 * checked by the provider against the tenant's own credentials. The local part may contain colons and slashes, so a
 * provider ID can be wrapped ({@code acme:shopify-order:gid://shopify/Order/1001}).
 *
 * @param tenant the store that owns the entity
 * @param kind what it is: lower-case letters, digits and dashes, starting with a letter, e.g. {@code order}
 * @param localId the ID within the store and kind: printable, no white space
 */
@KernelApi
public record EntityId(TenantId tenant, String kind, String localId) {

    /** The JSON Schema {@code format} with which a tool contract declares an input field to carry an entity ID. */
    public static final String FORMAT = "entity-id";

    /** The width of the {@code entity_id} columns. */
    public static final int MAX_LENGTH = 300;

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern LOCAL_ID = Pattern.compile("[\\x21-\\x7E]+");

    public EntityId {
        Objects.requireNonNull(tenant, "tenant");
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(
                    "an entity kind is 1-40 lower-case letters, digits and dashes, starting with a letter; got: "
                            + kind);
        }
        if (localId == null || !LOCAL_ID.matcher(localId).matches()) {
            throw new IllegalArgumentException("an entity's local ID is printable ASCII without white space");
        }
        int length = tenant.value().length() + kind.length() + localId.length() + 2;
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("an entity ID is at most " + MAX_LENGTH + " characters, not " + length);
        }
    }

    public static EntityId of(TenantId tenant, String kind, String localId) {
        return new EntityId(tenant, kind, localId);
    }

    /** Reads {@code {tenant}:{kind}:{id}}; anything else is an {@link IllegalArgumentException} that says why. */
    public static EntityId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an entity ID is missing");
        }
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("an entity ID reads {tenant}:{kind}:{id}");
        }
        String tenant = text.substring(0, first);
        if (!TenantId.isValid(tenant)) {
            throw new IllegalArgumentException("an entity ID starts with a valid tenant ID");
        }
        return new EntityId(TenantId.of(tenant), text.substring(first + 1, second), text.substring(second + 1));
    }

    /** The entity ID {@code text} is, or empty when it is not one. */
    public static Optional<EntityId> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException notAnEntityId) {
            return Optional.empty();
        }
    }

    public static boolean isValid(String text) {
        return tryParse(text).isPresent();
    }

    public boolean belongsTo(TenantId other) {
        return tenant.equals(other);
    }

    @Override
    public String toString() {
        return tenant.value() + ":" + kind + ":" + localId;
    }
}
