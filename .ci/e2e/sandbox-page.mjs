// Opens /sandbox in headless Chromium as a newcomer's browser does and checks that it is a page, not JSON: the
// Shopify orders table lists the given order with its status and a link to its run in Cockpit, newest first, and
// the page refreshes itself.
//
//   node .ci/e2e/sandbox-page.mjs --base http://127.0.0.1:8080 --order-name '#1001' --screenshot target/sandbox.png
//
// Exit 0 when all of that holds; anything else exits 1 with the reason. The browser only ever talks to the base URL
// (loopback in tests): every other request is aborted.
import { chromium } from 'playwright-core';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && at + 1 < process.argv.length) return process.argv[at + 1];
  if (fallback !== undefined) return fallback;
  console.error(`missing --${name}`);
  process.exit(2);
}

const base = option('base');
const orderName = option('order-name');
const screenshot = option('screenshot', 'target/sandbox-page.png');
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

  const answer = await page.goto(`${base}/sandbox`);
  const type = answer.headers()['content-type'] || '';
  if (!type.startsWith('text/html')) throw new Error(`/sandbox answered a browser with ${type}, not a page`);
  if (await page.locator('meta[http-equiv="refresh"]').count() !== 1) throw new Error('the page does not refresh itself');

  const orders = page.locator('table#shopify-orders');
  await orders.waitFor();
  const first = orders.locator('tr').nth(1);
  if (!(await first.innerText()).includes(orderName)) {
    throw new Error(`the newest Shopify order is not ${orderName}: ${await first.innerText()}`);
  }
  const status = (await first.locator('td').nth(1).innerText()).trim();
  if (!status) throw new Error(`order ${orderName} shows no status`);
  const link = await first.locator('a[href*="/camunda/app/cockpit/default/#/process-instance/"]').first()
    .getAttribute('href');
  if (!link) throw new Error(`order ${orderName} has no link to its run in Cockpit`);
  for (const table of ['stripe-payments', 'printful-orders', 'sendgrid-mails', 'slack-messages']) {
    if (await page.locator(`table#${table}`).count() !== 1) throw new Error(`no ${table} table`);
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`/sandbox shows ${orderName} (${status}) linking to ${link}; screenshot ${screenshot}`);
} catch (e) {
  if (page) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  console.error(`the sandbox page check failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
