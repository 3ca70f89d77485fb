// The "Evidence" tab of a process instance in Cockpit: what AutoBiz's kernel did for the run (its redacted trace, each
// tool call with its decision, refusal code, idempotency key and receipt, the approvals, cost and bounds, and the
// check of the store's receipt chain), read from GET /evidence/process-instances/{id}. That endpoint authorises by
// the session the browser is signed in to Cockpit with and answers only for the user's own stores.
//
// Cockpit (Community Edition) has no page for a finished process instance: it sends the user to the process
// definition unless some plugin provides the "history" view. This module provides it as a route of its own
// (#/process-instance/{id}/history) holding the same Evidence tab, so a finished run opens where a running one does.

const EVIDENCE_PATH = '/evidence/process-instances/';

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.flat().forEach(child => {
    if (child === null || child === undefined) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean'
      ? document.createTextNode(String(child)) : child);
  });
  return node;
}

function text(value) {
  return value === null || value === undefined || value === '' ? '–' : String(value);
}

function money(minor, currency) {
  return minor === null || minor === undefined ? '–' : `${(minor / 100).toFixed(2)} ${currency || ''}`.trim();
}

function table(caption, headers, rows, attributes = {}) {
  return element('table', Object.assign({ class: 'cam-table autobiz-evidence-table' }, attributes),
    element('caption', {}, caption),
    element('thead', {}, element('tr', {}, headers.map(header => element('th', {}, header)))),
    element('tbody', {}, rows.length === 0
      ? [element('tr', {}, element('td', { colspan: String(headers.length) }, 'none'))]
      : rows.map(cells => element('tr', {}, cells.map(cell => element('td', {}, cell))))));
}

function json(value) {
  return value === null || value === undefined ? '–' : element('pre', {}, JSON.stringify(value, null, 2));
}

function show(node, evidence) {
  const chain = evidence.receiptChain;
  const bounds = evidence.bounds;
  node.replaceChildren(element('div', { class: 'autobiz-evidence', 'data-store': evidence.store },
    element('p', {},
      `Store ${evidence.store} · workflow ${text(evidence.workflow)} · ${text(evidence.state)}`),
    element('p', { class: chain.intact ? 'autobiz-chain-intact' : 'autobiz-chain-broken' },
      chain.intact
        ? `Receipt chain of the store: intact (${chain.receipts} receipts checked)`
        : `Receipt chain of the store: BROKEN at receipt ${chain.firstBreak.chainSeq} (${chain.firstBreak.reason})`),
    element('p', {},
      `Cost ${evidence.cost.totalUsd.toFixed(6)} USD · bounds used: `
        + (bounds.recorded
          ? `${bounds.steps} steps, ${bounds.toolCalls} tool calls, ${bounds.tokens} tokens, money at risk `
            + money(bounds.moneyAtRiskMinor) + (bounds.terminatedReason ? `, stopped: ${bounds.terminatedReason}` : '')
          : 'none recorded')),
    table('Approvals', ['Tool', 'Decision', 'Approver', 'Amount', 'Arguments SHA-256', 'Decided at'],
      evidence.approvals.map(a => [a.tool, text(a.decision), text(a.approver), money(a.amountMinor, a.currency),
        element('code', {}, a.argumentsSha256), text(a.decidedAt)]), { 'data-section': 'approvals' }),
    table('Receipts', ['#', 'Tool', 'Amount', 'Provider object', 'Idempotency key', 'Receipt'],
      evidence.receipts.map(r => [String(r.chainSeq), r.tool, money(r.amountMinor, r.currency),
        text(r.providerObjectId), element('code', {}, text(r.idempotencyKey)), element('code', {}, r.receiptId)]),
      { 'data-section': 'receipts' }),
    table('Tool calls and kernel trace (redacted)',
      ['At', 'Tool', 'Decision', 'Refusal code', 'Idempotency key', 'Receipt', 'Cost (µUSD)', 'Input', 'Output'],
      evidence.trace.map(t => [text(t.at), text(t.tool), `${text(t.outcome)}${t.replayed ? ' (replayed)' : ''}`,
        text(t.refusalCode), element('code', {}, text(t.idempotencyKey)), element('code', {}, text(t.receiptId)),
        String(t.costMicros), json(t.input), json(t.output)]), { 'data-section': 'trace' })));
}

async function load(node, processInstanceId) {
  node.replaceChildren(element('p', {}, 'Loading the evidence…'));
  try {
    const response = await fetch(EVIDENCE_PATH + encodeURIComponent(processInstanceId), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      node.replaceChildren(element('p', { class: 'autobiz-evidence-refused' },
        `No evidence shown (${response.status} ${text(body.error)}): ${text(body.message)}`));
      return;
    }
    show(node, body);
  } catch (e) {
    node.replaceChildren(element('p', { class: 'autobiz-evidence-refused' }, `The evidence could not be loaded: ${e}`));
  }
}

function finishedInstanceId() {
  const match = /#\/process-instance\/([^/?]+)\/history/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

export default [
  {
    id: 'autobiz.evidence.runtimeTab',
    pluginPoint: 'cockpit.processInstance.runtime.tab',
    priority: 1,
    label: 'Evidence',
    render: (node, { processInstanceId }) => load(node, processInstanceId),
  },
  {
    // Makes Cockpit open a finished instance at #/process-instance/{id}/history instead of leaving it.
    id: 'history',
    pluginPoint: 'cockpit.processInstance.view',
    priority: 10,
    label: 'History',
    render: () => {},
  },
  {
    id: 'autobiz.evidence.finishedInstance',
    pluginPoint: 'cockpit.route',
    properties: { path: '/process-instance/:id/history' },
    render: node => {
      const processInstanceId = finishedInstanceId();
      const panel = element('div', { class: 'autobiz-evidence-panel' });
      node.replaceChildren(element('div', { class: 'ctn-content-container', style: 'padding: 1em; overflow: auto' },
        element('h3', {}, `Process instance ${text(processInstanceId)} (ended)`),
        element('ul', { class: 'nav nav-tabs' }, element('li', { class: 'active' }, element('a', {}, 'Evidence'))),
        panel));
      load(panel, processInstanceId);
    },
  },
];
