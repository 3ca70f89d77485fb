package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;

/**
 * What a FINANCIAL receipt adds: the money the call moved.
 *
 * @param amountMinor the amount in the currency's minor unit, from the contract's money field
 * @param currency ISO 4217, upper case; {@code XXX} (ISO's "no currency") when neither input nor output named one
 */
@KernelApi
public record FinancialReceipt(long amountMinor, String currency) {}
