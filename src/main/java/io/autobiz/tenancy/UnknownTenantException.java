package io.autobiz.tenancy;

/** A request named a store this node does not serve. */
public final class UnknownTenantException extends RuntimeException {

    public UnknownTenantException(String tenant) {
        super("no store '" + tenant + "' is configured on this node");
    }
}
