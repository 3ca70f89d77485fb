/**
 * Tools and their contracts. A tool is the unit of side effect; its {@link io.autobiz.kernel.tool.ToolContract}
 * says what it accepts, what it returns, how dangerous it is and what it may touch. The registry is filled at
 * start-up and refuses a contract that would let unchecked input through.
 */
package io.autobiz.kernel.tool;
