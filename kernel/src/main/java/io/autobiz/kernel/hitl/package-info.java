/**
 * Human approval (HITL, INV-07): approval requests bound to the SHA-256 of a call's canonical arguments, the
 * decisions of authorised approvers, and the pipeline's step 5 gate that refuses a call needing approval without one
 * for exactly those arguments. Engine-free: the delegates map user tasks onto it. Nothing here ever approves on its
 * own; a timeout fails.
 */
package io.autobiz.kernel.hitl;
