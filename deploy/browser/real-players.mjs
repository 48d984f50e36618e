// One real player (dash.js, Shaka or hls.js), unmodified, in Chromium, on a page served from an
// origin that is not Playhead's, configured only from Playhead's start answer:
//   - the session's decorated manifest (steering between two local caches and an origin);
//   - CMCD v2 event mode to the start answer's report URL (cmcd.reportUrl, sid, cid);
//   - Clear Key licenses from license.clearKeyUrl with ?token= (dash.js and Shaka).
// Then, as an app developer would check: the session moves from the player's reports (state,
// position, last report, read through the care API); the SRE marks the first cache down and the
// player's segment requests move to the other cache; care terminates the session and the player
// learns it (its report URL and steering server answer 410, a new license is refused).
// Prints one JSON line with what each side saw.
//
//   node real-players.mjs '<json: {player, playhead, start, mediaDir, ports:{a,b,origin},
//                                  firstCache, sreToken, careToken}>'
import { launchChromium, report } from './lib/chromium.mjs';
import { serveStatic } from './lib/static-server.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = JSON.parse(process.argv[2]);
const { player, playhead, start, mediaDir, ports, firstCache, caches, title, sreToken, careToken } = args;
const here = dirname(fileURLToPath(import.meta.url));
const deadline = Date.now() + 150_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isSegment = (r) => /\.m4s$/.test(r.path) && !/init/.test(r.path);
const segments = (server, since = 0) => server.requests.filter((r) => r.at >= since && isSegment(r)).length;
const sessionId = start.session.sessionId;
const care = (path, init = {}) =>
  fetch(`${playhead}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${careToken}`, 'content-type': 'application/json' },
  });

// What the page is given: the start answer's URLs, made absolute against Playhead's address.
const absolute = (url) => new URL(url, playhead).href;
const config = {
  player,
  manifest: absolute(player === 'hls' ? start.steering.hlsPlaylistUrl : start.steering.dashManifestUrl),
  cmcd: start.cmcd,
  clearKey: start.license && player !== 'hls'
    ? `${absolute(start.license.clearKeyUrl)}?token=${encodeURIComponent(start.license.token)}`
    : null,
};

const pages = mkdtempSync(join(tmpdir(), 'playhead-players-'));
writeFileSync(
  join(pages, 'index.html'),
  `<!doctype html><title>${player}</title>
   <script src="/lib/dashjs/dash.all.min.js"></script>
   <script src="/lib/shaka/shaka-player.compiled.js"></script>
   <script src="/lib/hlsjs/hls.min.js"></script>
   <script src="/page/players.js"></script>
   <video id="v" muted autoplay playsinline></video>`,
);
writeFileSync(join(pages, 'players.js'), PAGE_SCRIPT());
const mounts = { '/': mediaDir };
const cacheA = await serveStatic(mounts, { port: ports.a });
const cacheB = await serveStatic(mounts, { port: ports.b });
const origin = await serveStatic(
  {
    '/': mediaDir,
    '/page/': pages,
    '/lib/dashjs/': join(here, 'node_modules/dashjs/dist/modern/umd'),
    '/lib/shaka/': join(here, 'node_modules/shaka-player/dist'),
    '/lib/hlsjs/': join(here, 'node_modules/hls.js/dist'),
  },
  { port: ports.origin },
);

// The caches' agents keep reporting (a report older than 30 s ages out), as in production.
const reportHealth = () =>
  Promise.all(
    caches.map((cache) =>
      fetch(`${playhead}/v1/sre/steering/caches/${cache}/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sreToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ healthy: true, loadPercent: 20, titles: [title] }),
      }).catch(() => null),
    ),
  );
const agents = setInterval(reportHealth, 5_000);
await reportHealth();
const browser = await launchChromium();
const seen = { reports: [], steering: [], licenses: [], bodies: [] };
let result;
try {
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e).slice(0, 300)));
  page.on('request', (request) => {
    // The first report bodies as the player sent them (CORS preflights are the browser's own and
    // never show here; a cross-origin application/cmcd POST that is answered passed one).
    if (request.method() === 'POST' && request.url().includes('/heartbeats') && seen.bodies.length < 4) {
      seen.bodies.push(request.postData());
    }
  });
  page.on('response', async (response) => {
    const url = new URL(response.url());
    const method = response.request().method();
    if (method === 'OPTIONS') return;
    const entry = { at: Date.now(), status: response.status() };
    if (url.pathname.endsWith('/heartbeats')) {
      try {
        const body = await response.json();
        entry.lines = (body.reports || []).map((l) => l.outcome);
        entry.state = body.state ?? body.sessionState ?? null;
      } catch {
        entry.lines = null;
      }
      seen.reports.push(entry);
    } else if (/\/v1\/steering\/[^/]+\/(dash|hls)\.json/.test(url.pathname)) {
      try {
        entry.priority = (await response.json())['PATHWAY-PRIORITY'] ?? null;
      } catch {
        entry.priority = null;
      }
      seen.steering.push(entry);
    } else if (url.pathname.endsWith('/v1/licenses/clearkey')) {
      seen.licenses.push(entry);
    }
  });
  await page.goto(`${origin.url}/page/index.html`);
  await page.evaluate((c) => window.startPlayer(c), config);

  // 1. The player's own CMCD reports move the session.
  const startedAtMs = start.session.startedAtMs;
  let view = null;
  while (Date.now() < deadline) {
    const answer = await care(`/v1/care/sessions/${sessionId}`);
    view = answer.status === 200 ? await answer.json() : null;
    if (view && view.state === 'PLAYING' && view.positionMs > 0 && view.lastHeartbeatAtMs > startedAtMs
        && segments(cacheA) >= 2) break;
    await sleep(200);
  }
  const playing = { state: view?.state, positionMs: view?.positionMs, lastHeartbeatAtMs: view?.lastHeartbeatAtMs,
    lastSequenceNumber: view?.lastSequenceNumber, segmentsFromFirst: segments(cacheA) };

  // 2. Steering: the first cache goes down, the player moves to the other one.
  const markedAt = Date.now();
  const marked = await fetch(`${playhead}/v1/sre/steering/caches/${firstCache}/down`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sreToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ why: `real-player test (${player})` }),
  });
  while (segments(cacheB, markedAt) < 2 && Date.now() < deadline) await sleep(100);
  const steered = { markStatus: marked.status, segmentsFromSecondAfterMark: segments(cacheB, markedAt) };

  // 3. Care terminates the session; the player learns it from the answers it gets.
  const terminatedAt = Date.now();
  const terminated = await care(`/v1/care/sessions/${sessionId}/terminate`, {
    method: 'POST',
    body: JSON.stringify({ why: `real-player test (${player})` }),
  });
  const gone = (list) => list.some((e) => e.at >= terminatedAt && e.status === 410);
  let reloadedAt = null;
  while (Date.now() < deadline) {
    // The new player comes once the old one has been told 410 on both of its URLs (destroying it
    // first would stop its steering polls).
    if (config.clearKey && reloadedAt === null && gone(seen.reports) && gone(seen.steering)) {
      // A new license for the same session (the player loads the title again): refused.
      reloadedAt = Date.now();
      // The session's own manifest answers 410 now, so the new player loads the title from the
      // origin, with the same license configuration.
      await page.evaluate((url) => window.reloadPlayer(url), `${origin.url}/${title}/manifest.mpd`);
    }
    const licenseRefused = !config.clearKey ||
      seen.licenses.some((e) => reloadedAt !== null && e.at >= reloadedAt && e.status === 403);
    if (gone(seen.reports) && gone(seen.steering) && licenseRefused) break;
    await sleep(200);
  }
  const state = await page.evaluate(() => window.playerState());
  const after = (list) => list.filter((e) => e.at >= terminatedAt).map((e) => e.status);
  result = {
    player,
    pageOrigin: origin.url,
    playing,
    reportsBeforeTerminate: tally(seen.reports.filter((e) => e.at < terminatedAt)),
    firstReportBodies: seen.bodies,
    steered,
    firstPriority: seen.steering.find((e) => e.priority)?.priority ?? null,
    lastPriorityBeforeTerminate: [...seen.steering].reverse().find((e) => e.at < terminatedAt && e.priority)?.priority ?? null,
    terminateStatus: terminated.status,
    reportStatusesAfterTerminate: after(seen.reports),
    steeringStatusesAfterTerminate: after(seen.steering),
    licenseStatuses: seen.licenses.map((e) => e.status),
    licenseStatusesAfterReload: reloadedAt === null ? [] : seen.licenses.filter((e) => e.at >= reloadedAt).map((e) => e.status),
    playerState: state,
    errors: pageErrors,
  };
} finally {
  clearInterval(agents);
  await browser.close();
  await Promise.all([cacheA.close(), cacheB.close(), origin.close()]);
}
report(result, 0);

/** Statuses and line outcomes counted: a player posts every second, the list itself is long. */
function tally(entries) {
  const statuses = {};
  const outcomes = {};
  for (const e of entries) {
    statuses[e.status] = (statuses[e.status] || 0) + 1;
    for (const o of e.lines || []) outcomes[o] = (outcomes[o] || 0) + 1;
  }
  return { statuses, outcomes };
}

/** The page's script: each player configured from the start answer's fields only. */
function PAGE_SCRIPT() {
  return `
window.errors = [];
window.licenseErrors = 0;
let current = null;
// CMCD v2 event mode: time-interval reports every second here (cmcd.intervalSeconds, 30 s, in an
// app), play-state changes and errors, one report per request.
window.startPlayer = (c) => {
  window.config = c;
  const video = document.getElementById('v');
  if (c.player === 'dash') {
    const p = dashjs.MediaPlayer().create();
    p.updateSettings({
      streaming: {
        buffer: { bufferTimeAtTopQuality: 2, bufferTimeAtTopQualityLongForm: 2, stableBufferTime: 2, initialBufferLevel: 1 },
        cmcd: { enabled: true, version: 2, sid: c.cmcd.sessionId, cid: c.cmcd.contentId,
                eventTargets: [{ enabled: true, url: c.cmcd.reportUrl, events: ['t', 'ps', 'e'], interval: 1,
                                 batchSize: 1, enabledKeys: ['sid', 'cid', 'sn', 'sta', 'pt', 'bl', 'br', 'mtp', 'ts', 'e', 'v'] }] },
      },
    });
    p.on('error', (e) => { window.errors.push(JSON.stringify(e.error || e).slice(0, 300)); });
    if (c.clearKey) p.setProtectionData({ 'org.w3.clearkey': { serverURL: c.clearKey, withCredentials: false } });
    p.initialize(video, c.manifest, true);
    current = { destroy: () => p.reset() };
  } else if (c.player === 'shaka') {
    shaka.polyfill.installAll();
    const p = new shaka.Player();
    p.attach(video);
    p.configure({
      streaming: { bufferingGoal: 2, rebufferingGoal: 1, bufferBehind: 2 },
      cmcd: { enabled: true, version: 2, sessionId: c.cmcd.sessionId, contentId: c.cmcd.contentId,
              eventTargets: [{ url: c.cmcd.reportUrl, events: ['t', 'ps', 'e'], interval: 1, batchSize: 1 }] },
      drm: c.clearKey ? { servers: { 'org.w3.clearkey': c.clearKey } } : {},
    });
    p.addEventListener('error', (e) => { window.errors.push(String(e.detail && e.detail.code)); });
    p.load(c.manifest).then(() => video.play()).catch((e) => window.errors.push(String(e && e.code)));
    current = { destroy: () => p.destroy() };
  } else {
    const h = new Hls({
      maxBufferLength: 2, maxMaxBufferLength: 3, backBufferLength: 0,
      cmcd: { version: 2, sessionId: c.cmcd.sessionId, contentId: c.cmcd.contentId,
              eventTargets: [{ url: c.cmcd.reportUrl, events: ['t', 'ps', 'e'], interval: 1, batchSize: 1 }] },
    });
    h.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) window.errors.push(d.details); });
    h.loadSource(c.manifest); h.attachMedia(video); video.play();
    current = { destroy: () => h.destroy() };
  }
};
// A new player (and a new <video>, so new MediaKeys) for the same session's title and licenses.
window.reloadPlayer = async (manifest) => {
  await current.destroy();
  const old = document.getElementById('v');
  const fresh = document.createElement('video');
  fresh.id = 'v'; fresh.muted = true; fresh.autoplay = true; fresh.playsInline = true;
  old.replaceWith(fresh);
  window.startPlayer({ ...window.config, manifest });
};
window.playerState = () => {
  const v = document.getElementById('v');
  return { currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, errors: window.errors };
};
`;
}
