// Drives Playhead's browser console (served by the node at /console/) in Debian's Chromium as a care
// agent and an SRE would, by keyboard where a person would, and reports what the page showed as one
// JSON line. Exits 0 when every step found what it looked for; the Java test judges the figures.
//
//   node console.mjs --base-url URL --care-token T --sre-token T --account ID --terminate SESSION
//        --cache ID --why TEXT --sre-why TEXT --qoe-title TITLE --device ID [--screenshot FILE]
//        [--timeout-seconds 60]
//
// Steps: a forged token is refused with the node's problem text; the agent signs in, finds the
// account, sees its live streams (screenshot of the account page), ends one stream with a reason
// and sees it leave the list, finds the account again by a device id registered on it; the care token cannot open an SRE page; the SRE signs in, sees the
// cluster, marks the cache unhealthy and sees the mark in the list, then opens the QoE page and waits
// for the title's row (the node's figures reach it within seconds of a heartbeat) and its charts.
import { launchChromium, report } from './lib/chromium.mjs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'care-token': { type: 'string' },
    'sre-token': { type: 'string' },
    account: { type: 'string' },
    terminate: { type: 'string' },
    cache: { type: 'string' },
    why: { type: 'string' },
    'sre-why': { type: 'string' },
    'qoe-title': { type: 'string' },
    device: { type: 'string' },
    screenshot: { type: 'string' },
    'timeout-seconds': { type: 'string', default: '60' },
  },
});
for (const required of ['base-url', 'care-token', 'sre-token', 'account', 'terminate', 'cache', 'why', 'sre-why', 'qoe-title', 'device']) {
  if (!args[required]) report({ error: `usage: --${required} is required` }, 2);
}
const timeout = Number(args['timeout-seconds']) * 1000;
const consoleUrl = new URL('/console/', args['base-url']).toString();
const result = { steps: [], pageErrors: [], refusedRequests: [] };

const browser = await launchChromium();
let exitCode = 1;
const page = await browser.context.newPage();
try {
  page.setDefaultTimeout(timeout);
  await page.setViewportSize({ width: 1280, height: 800 });
  // Script errors only: Chromium also logs every refused request (the 401s and 403s this script
  // provokes on purpose) as a console error, and those are recorded as refusedRequests.
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && result.refusedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`));

  // A forged token: the node's problem text is shown, and nothing is kept.
  await page.goto(consoleUrl);
  await signIn(page, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl');
  result.forgedTokenProblem = (await page.locator('.problem').first().innerText()).trim();
  result.steps.push('forged token refused');

  // The agent signs in and finds the account by id, by keyboard.
  await signIn(page, args['care-token']);
  await page.getByRole('heading', { level: 1, name: 'Find a viewer' }).waitFor();
  result.careWho = (await page.locator('#who').innerText()).trim();
  await page.getByLabel('Account id').check();
  await page.getByLabel('Id', { exact: true }).fill(args.account);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: `Account ${args.account}` }).waitFor();
  const rows = page.locator('tr[data-session]');
  await rows.first().waitFor();
  result.streamsBefore = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.session));
  // Position, CDN and license cells fill in from each stream's session and timeline.
  await page.waitForFunction(() => document.querySelectorAll('tr[data-session] .pending').length === 0);
  result.streamCells = await rows.evaluateAll((trs) =>
    trs.map((tr) => Object.fromEntries([...tr.cells].map((td) => [td.dataset.label, td.innerText.trim()]))),
  );
  result.accountSections = await page.locator('main h2').allInnerTexts();
  if (args.screenshot) {
    await page.screenshot({ path: args.screenshot, fullPage: false });
    result.screenshot = args.screenshot;
  }
  result.steps.push('account found');

  // End one stream with a reason: the form refuses an empty reason, then the stream leaves the list.
  await page.locator(`tr[data-session="${args.terminate}"] button`).click();
  const endButton = page.getByRole('button', { name: 'End stream', exact: true });
  await endButton.click();
  result.emptyWhyMessage = (await page.locator('.field-error').innerText()).trim();
  await page.keyboard.type(args.why);
  await endButton.click();
  await page.locator('.notice').waitFor();
  result.terminateNotice = (await page.locator('.notice').innerText()).trim();
  await page.waitForFunction(
    (id) => !document.querySelector(`tr[data-session="${id}"]`),
    args.terminate,
  );
  result.streamsAfter = await page.locator('tr[data-session]').evaluateAll((trs) => trs.map((tr) => tr.dataset.session));
  result.steps.push('stream ended');

  // The viewer knows the device, not the account: find the account by a device id registered on it.
  await page.getByRole('link', { name: 'Find' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find a viewer' }).waitFor();
  await page.getByLabel('Device id').check();
  await page.getByLabel('Id', { exact: true }).fill(args.device);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: `Account ${args.account}` }).waitFor();
  result.deviceSearchHeading = (await page.locator('main h1').innerText()).trim();
  result.steps.push('account found by device');

  // A care token cannot open SRE pages: no SRE link, the page says why, and the node refuses too.
  result.careNav = await page.locator('#nav a').allInnerTexts();
  await page.goto(`${consoleUrl}#/sre/caches`);
  await page.getByRole('heading', { level: 1, name: 'Not for your role' }).waitFor();
  result.careOnSrePage = (await page.locator('main .problem').innerText()).trim();
  result.careOnSreApi = await page.evaluate(async () => {
    const saved = JSON.parse(sessionStorage.getItem('playhead.console.operator'));
    const r = await fetch('/v1/sre/steering/caches', { headers: { Authorization: `Bearer ${saved.token}` } });
    return { status: r.status, type: (await r.json()).type };
  });
  result.steps.push('care kept off SRE pages');

  // The SRE signs in: cluster, then caches.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, args['sre-token']);
  await page.getByRole('heading', { level: 1, name: 'Cluster' }).waitFor();
  await page.locator('main table tbody tr').first().waitFor();
  result.clusterRows = await page.locator('main table tbody tr').allInnerTexts();
  result.sreNav = await page.locator('#nav a').allInnerTexts();
  await page.getByRole('link', { name: 'Caches' }).click();
  const cacheRow = page.locator(`tr[data-cache="${args.cache}"]`);
  await cacheRow.waitFor();
  result.cacheBefore = await cells(cacheRow);
  await cacheRow.getByRole('button').click();
  await page.keyboard.type(args['sre-why']);
  await page.getByRole('button', { name: 'Mark unhealthy', exact: true }).click();
  await page.locator('.notice').waitFor();
  await page.waitForFunction(
    (id) => document.querySelector(`tr[data-cache="${id}"] td[data-label="SRE mark"]`)?.innerText.includes('marked unhealthy'),
    args.cache,
  );
  result.cacheAfter = await cells(page.locator(`tr[data-cache="${args.cache}"]`));
  result.steps.push('cache marked unhealthy');

  // Quality of experience: the title with a live session gets a row (the page polls every few
  // seconds), and each chart is drawn, with the table as its text alternative.
  await page.getByRole('link', { name: 'QoE' }).click();
  await page.getByRole('heading', { level: 1, name: 'Quality of experience' }).waitFor();
  const qoeRow = page.locator(`tr[data-qoe-title="${args['qoe-title']}"]`);
  await qoeRow.waitFor();
  result.qoeTitleRow = await cells(qoeRow);
  await page.locator('figure.qoe-chart canvas').nth(5).waitFor();
  result.qoeCharts = await page.locator('figure.qoe-chart').evaluateAll((figs) =>
    figs.map((f) => ({
      caption: f.querySelector('figcaption').innerText.trim(),
      describedBy: document.getElementById(f.getAttribute('aria-describedby'))?.querySelector('caption')?.innerText.trim() ?? '',
      canvas: !!f.querySelector('canvas'),
    })),
  );
  result.qoeLegend = await page.locator('.chart-legend').first().innerText();
  result.qoeSections = await page.locator('main h2').allInnerTexts();
  // The controls are labelled buttons a keyboard reaches.
  const pause = page.getByRole('button', { name: 'Pause updates' });
  await pause.focus();
  await page.keyboard.press('Enter');
  result.qoePaused = await page.getByRole('button', { name: 'Resume updates' }).getAttribute('aria-pressed');
  result.steps.push('qoe row seen');
  exitCode = 0;
} catch (e) {
  result.error = String(e?.stack ?? e);
  result.pageText = await page.locator('main').innerText().catch((failure) => String(failure));
} finally {
  await browser.close();
}
report(result, exitCode);

/** Pastes a token on the sign-in page (the field has focus) and submits it from the keyboard. */
async function signIn(page, token) {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Bearer token').fill(token);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('main .problem') || document.querySelector('main h1')?.textContent !== 'Sign in',
  );
}

async function cells(row) {
  return row.locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.label, td.innerText.trim()])));
}
