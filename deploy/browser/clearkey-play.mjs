// Plays a CENC-encrypted DASH clip with dash.js in Debian's Chromium, getting its keys from a W3C
// Clear Key license server (Playhead's POST /v1/licenses/clearkey), and reports what happened as one
// JSON line. Exits 0 only when the outcome is the one the caller expected:
//   --expect play           playback went past --min-seconds and video frames were decoded, every
//                           license request got 200 and the player reported no error;
//   --expect license-error  the license server refused (4xx) and the player reported a license
//                           error, without ever playing.
//
//   node clearkey-play.mjs --clip DIR --license-url URL --token TOKEN --expect play|license-error
//        [--manifest manifest.mpd] [--token-in header|query] [--min-seconds 2] [--timeout-seconds 30]
//
// The token goes to the license server as "Authorization: Bearer" (header) or ?token= (query), the
// two ways Playhead accepts; it is never printed.
import { launchChromium, report } from './lib/chromium.mjs';
import { serveStatic } from './lib/static-server.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const DASHJS = join(HERE, 'node_modules', 'dashjs', 'dist', 'modern', 'umd');
const OUTCOMES = ['play', 'license-error'];
// dash.js ProtectionErrors.MEDIA_KEY_MESSAGE_LICENSER_ERROR_CODE: the license server refused.
const LICENSE_ERROR_CODE = 114;
const ERROR_GRACE_MS = 3000;

const { values: args } = parseArgs({
  options: {
    clip: { type: 'string' },
    manifest: { type: 'string', default: 'manifest.mpd' },
    'license-url': { type: 'string' },
    token: { type: 'string' },
    'token-in': { type: 'string', default: 'header' },
    expect: { type: 'string' },
    'min-seconds': { type: 'string', default: '2' },
    'timeout-seconds': { type: 'string', default: '30' },
  },
});
const usage = (problem) => report({ error: `usage: ${problem}` }, 2);
if (!args.clip) usage('--clip DIR is required');
if (!args['license-url']) usage('--license-url URL is required');
if (!args.token) usage('--token is required');
if (!OUTCOMES.includes(args.expect)) usage(`--expect must be one of ${OUTCOMES.join(', ')}`);
if (!['header', 'query'].includes(args['token-in'])) usage('--token-in must be header or query');
const minSeconds = Number(args['min-seconds']);
const timeoutMs = Number(args['timeout-seconds']) * 1000;
const licenseUrl = new URL(args['license-url']);

// The player's license URL and headers: the token either as a bearer header or as ?token=.
const serverURL = new URL(licenseUrl);
const httpRequestHeaders = {};
if (args['token-in'] === 'query') {
  serverURL.searchParams.set('token', args.token);
} else {
  httpRequestHeaders.Authorization = `Bearer ${args.token}`;
}

const pages = mkdtempSync(join(tmpdir(), 'playhead-clearkey-'));
writeFileSync(
  join(pages, 'index.html'),
  '<!doctype html><title>clear key</title><video id="video" muted playsinline></video>',
);
const server = await serveStatic({ '/clip': resolve(args.clip), '/dashjs': DASHJS, '/': pages });

const licenseRequests = [];
const browser = await launchChromium();
let result;
try {
  const page = await browser.context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 300));
  });
  // Every license request as the network saw it: status, refusal reason, the key ids asked for.
  page.on('response', async (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !sameEndpoint(request.url(), licenseUrl)) return;
    const entry = {
      status: response.status(),
      tokenIn: new URL(request.url()).searchParams.has('token') ? 'query' : 'header',
      kids: kidsOf(request.postData()),
    };
    licenseRequests.push(entry);
    try {
      const body = await response.json();
      if (response.status() >= 400) entry.reason = body.reason ?? null;
      else entry.keys = Array.isArray(body.keys) ? body.keys.length : null;
    } catch {
      entry.body = 'unreadable';
    }
  });
  await page.goto(`${server.url}/index.html`);
  await page.addScriptTag({ url: '/dashjs/dash.all.min.js' });
  await page.evaluate(
    ({ manifest, serverURL, httpRequestHeaders }) => {
      const state = { errors: [], licenseErrors: [] };
      window.clearKeyState = state;
      const video = document.getElementById('video');
      const player = dashjs.MediaPlayer().create();
      player.updateSettings({
        debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
        streaming: {
          cmcd: { enabled: false },
          // One retry, quickly: a refusal is final, a test should not wait through three.
          retryAttempts: { license: 1 },
          retryIntervals: { license: 250 },
        },
      });
      player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
        const error = e.error || {};
        state.errors.push({ code: error.code ?? null, message: String(error.message ?? e).slice(0, 300) });
      });
      player.on(dashjs.Protection.events.LICENSE_REQUEST_COMPLETE, (e) => {
        if (e.error) state.licenseErrors.push({ code: e.error.code, message: String(e.error.message).slice(0, 300) });
      });
      // dash.js turns on XHR credentials (cookies) whenever an Authorization header is set, and a
      // browser then refuses the wildcard CORS answer; the bearer token needs no cookies.
      player.setProtectionData({
        'org.w3.clearkey': { serverURL, httpRequestHeaders, withCredentials: false, priority: 0 },
      });
      player.initialize(video, `/clip/${manifest}`, true);
    },
    { manifest: args.manifest, serverURL: serverURL.toString(), httpRequestHeaders },
  );

  const started = Date.now();
  let firstErrorAt = null;
  for (;;) {
    const snapshot = await page.evaluate(() => {
      const video = document.getElementById('video');
      const quality = video.getVideoPlaybackQuality();
      return {
        currentTime: video.currentTime,
        totalVideoFrames: quality.totalVideoFrames,
        droppedVideoFrames: quality.droppedVideoFrames,
        videoError: video.error ? `${video.error.code}: ${video.error.message}` : null,
        errors: window.clearKeyState.errors,
        licenseErrors: window.clearKeyState.licenseErrors,
      };
    });
    const now = Date.now();
    if ((snapshot.videoError || snapshot.errors.length > 0) && firstErrorAt === null) firstErrorAt = now;
    let outcome = outcomeOf(snapshot);
    // An error that is not (yet) a license refusal gets a moment for the refusal to show up.
    if (outcome === null && firstErrorAt !== null && now - firstErrorAt > ERROR_GRACE_MS) outcome = 'other-error';
    if (outcome === null && now - started > timeoutMs) outcome = 'timeout';
    if (outcome !== null) {
      result = { expect: args.expect, outcome, ...snapshot, licenseRequests, elapsedMs: now - started };
      if (outcome !== args.expect) result.consoleErrors = consoleErrors.slice(-10);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
} catch (e) {
  result = { expect: args.expect, outcome: 'script-error', message: String(e).slice(0, 500), licenseRequests };
} finally {
  await browser.close();
  await server.close();
  rmSync(pages, { recursive: true, force: true });
}
report(result, result.outcome === args.expect ? 0 : 1);

/** 'play' or 'license-error' once the player has shown one of them, else null. */
function outcomeOf(s) {
  const refused = licenseRequests.some((r) => r.status >= 400 && r.status < 500);
  const licenseError = s.licenseErrors.length > 0 || s.errors.some((e) => e.code === LICENSE_ERROR_CODE);
  const played = s.currentTime >= minSeconds && s.totalVideoFrames > 0;
  if (refused && licenseError && !played) return 'license-error';
  const allGranted = licenseRequests.length > 0 && licenseRequests.every((r) => r.status === 200);
  if (played && allGranted && s.errors.length === 0 && !s.videoError) return 'play';
  return null;
}

function sameEndpoint(url, endpoint) {
  const u = new URL(url);
  return u.origin === endpoint.origin && u.pathname === endpoint.pathname;
}

function kidsOf(postData) {
  try {
    return JSON.parse(postData).kids ?? null;
  } catch {
    return null;
  }
}
