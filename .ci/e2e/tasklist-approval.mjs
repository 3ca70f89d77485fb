// Approves an approval task in Camunda Tasklist as a store's approver, in headless Chromium.
//
//   node .ci/e2e/tasklist-approval.mjs --base http://127.0.0.1:8080 --user approver --password approver \
//        --task-name "Approve refund" --screenshot target/tasklist-approval.png
//
// Exit 0 when the task was completed with "Approve"; anything else exits 1 with the reason. The browser only ever
// talks to the base URL (loopback in tests): every other request is aborted.
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
const taskName = option('task-name', 'Approve refund');
const screenshot = option('screenshot', 'target/tasklist-approval.png');
const comment = option('comment', 'approved in the browser test');
const executablePath = option('chromium', process.env.CHROMIUM_PATH || '/usr/bin/chromium');

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const origin = new URL(base).origin;
  await context.route('**/*', route =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort());
  page = await context.newPage();
  page.setDefaultTimeout(30000);

  await page.goto(`${base}/camunda/app/tasklist/default/`);
  await page.locator('input[ng-model="username"]').fill(user);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();

  // The task list: open the task by its name.
  await page.getByText(taskName, { exact: true }).first().click();
  const claim = page.getByRole('button', { name: /^Claim$/ });
  await claim.click();

  // What the approver is shown, written by the workflow: the order's name (not a provider ID) linking to its run in
  // Cockpit, the customer masked, the action and the deadline.
  const shown = async label => (await page.getByLabel(label, { exact: true }).inputValue()).trim();
  const order = await shown('Order');
  if (!/^#\d+$/.test(order)) throw new Error(`the form's Order shows "${order}", not an order name like #1001`);
  const customer = await shown('Customer');
  if (!/^[^@*]\*\*\*@[^@]+$/.test(customer)) throw new Error(`the form's Customer shows "${customer}", not a masked address`);
  for (const label of ['Action', 'Amount', 'Decide before (UTC)']) {
    if (!(await shown(label))) throw new Error(`the form's ${label} is empty`);
  }
  const link = await page.getByRole('link', { name: /Cockpit/ }).getAttribute('href');
  if (!link || !link.includes('/camunda/app/cockpit/default/#/process-instance/')) {
    throw new Error(`the form links the order to "${link}", not to its run in Cockpit`);
  }
  // Tasklist offers "Set due date" only on a task without one.
  if (await page.getByText('Set due date', { exact: true }).count() > 0) {
    throw new Error('the approval task has no due date in Tasklist');
  }
  console.log(`the form shows order ${order}, customer ${customer}`);

  // The Camunda Form of the approval: choose Approve, comment, complete.
  await page.getByLabel('Approve', { exact: true }).check();
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: /^Complete$/ }).click();

  // Done when the task leaves the list; Tasklist shows an error notification when the engine refused it.
  const refused = page.getByText('An error happened', { exact: false });
  const listed = page.locator('.tasks-list').getByText(taskName, { exact: true });
  await Promise.race([refused.first().waitFor(), listed.first().waitFor({ state: 'detached' })]);
  await page.screenshot({ path: screenshot, fullPage: true });
  if (await refused.count() > 0) {
    throw new Error(`Tasklist refused the completion: ${await refused.first().locator('..').innerText()}`);
  }
  console.log(`approved "${taskName}" as ${user}; screenshot ${screenshot}`);
} catch (e) {
  if (page) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  console.error(`the approval in Tasklist failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
