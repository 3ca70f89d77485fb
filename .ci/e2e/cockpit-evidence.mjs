// Opens a process instance in Camunda Cockpit, in headless Chromium, and reads its "Evidence" tab (AutoBiz's Cockpit
// plugin, app/cockpit/scripts/autobiz-evidence.js).
//
//   node .ci/e2e/cockpit-evidence.mjs --base http://127.0.0.1:8080 --user admin --password admin \
//        --instance <process instance ID> --expect-receipt stripe.refund.create@1 --expect-approver approver \
//        --screenshot target/cockpit-evidence.png
//
// Exit 0 when the tab shows a receipt of the expected tool and an APPROVED approval by the expected approver; anything
// else exits 1 with the reason. The browser only ever talks to the base URL: every other request is aborted.
import { chromium } from 'playwright-core';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && at + 1 < process.argv.length) return process.argv[at + 1];
  if (fallback !== undefined) return fallback;
  console.error(`missing --${name}`);
  process.exit(2);
}

const base = option('base');
const user = option('user');
const password = option('password');
const instance = option('instance');
const expectReceipt = option('expect-receipt');
const expectApprover = option('expect-approver');
const screenshot = option('screenshot', 'target/cockpit-evidence.png');
const executablePath = option('chromium', process.env.CHROMIUM_PATH || '/usr/bin/chromium');

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const origin = new URL(base).origin;
  await context.route('**/*', route =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort());
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('console', message => { if (message.type() === 'error') console.log(`console: ${message.text()}`); });

  await page.goto(`${base}/camunda/app/cockpit/default/`);
  await page.locator('input[ng-model="username"]').fill(user);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/#\/(dashboard|processes)/);

  // Cockpit opens a running instance at .../runtime, a finished one at .../history (the plugin's page for it).
  await page.goto(`${base}/camunda/app/cockpit/default/#/process-instance/${instance}`);
  const tab = page.getByRole('link', { name: 'Evidence', exact: true }).or(page.getByText('Evidence', { exact: true }));
  await tab.first().click();
  const evidence = page.locator('.autobiz-evidence');
  await evidence.waitFor();

  const receipts = evidence.locator('[data-section="receipts"]');
  await receipts.getByText(expectReceipt, { exact: true }).first().waitFor();
  const approval = evidence.locator('[data-section="approvals"] tbody tr')
    .filter({ hasText: expectReceipt }).filter({ hasText: 'APPROVED' }).filter({ hasText: expectApprover });
  await approval.first().waitFor();
  const chain = await evidence.locator('.autobiz-chain-intact').innerText();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`the Evidence tab of ${instance} shows a ${expectReceipt} receipt, its approval by ${expectApprover}`
    + ` and "${chain}"; screenshot ${screenshot}`);
} catch (e) {
  if (page) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  console.error(`the Evidence tab in Cockpit failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
