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
