package io.autobiz.kernel.tool;

import io.autobiz.kernel.KernelApi;

/** How much a tool can change the world. The kernel asks more of a call the further down this list it is. */
@KernelApi
public enum SideEffect {
    /** Reads only; safe to repeat. */
    READ,
    /** Changes something outside (an order, a mail, a fulfilment); needs an idempotency key and a receipt. */
    WRITE,
    /** Moves money beyond what the customer authorised; additionally needs an approval bound to its arguments. */
    FINANCIAL
}
