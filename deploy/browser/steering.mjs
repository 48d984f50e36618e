// A real player (dash.js or hls.js) in Chromium plays one session's decorated manifest from
// Playhead, with two local caches and an origin serving the clip. Once the player fetches segments
// from the first cache, this script marks that cache down through Playhead's SRE API, then waits
// for the player's segment requests to move to the other cache, through Playhead's steering answer.
// Prints one JSON line (what each server saw, the steering answers the page received).
//
//   node steering.mjs <dash|hls> <playhead base URL> <manifest path> <media dir>
//                     <first cache port> <second cache port> <origin port>
//                     <first cache id> <SRE token>
import { launchChromium, report } from './lib/chromium.mjs';
import { serveStatic } from './lib/static-server.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [player, playhead, manifestPath, mediaDir, portA, portB, portOrigin, firstCache, sreToken] =
  process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const deadline = Date.now() + 45_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const segments = (server, since = 0) =>
  server.requests.filter((r) => r.at >= since && /seg-\d+-\d+\.m4s$/.test(r.path)).length;

const pages = mkdtempSync(join(tmpdir(), 'playhead-steering-'));
const library =
  player === 'dash'
    ? '<script src="/lib/dashjs/dash.all.min.js"></script>'
    : '<script src="/lib/hlsjs/hls.min.js"></script>';
// Small buffers, so that most of the clip is fetched after the switch.
const start =
  player === 'dash'
    ? `const p = dashjs.MediaPlayer().create();
       p.updateSettings({ streaming: { buffer: { bufferTimeAtTopQuality: 2,
         bufferTimeAtTopQualityLongForm: 2, stableBufferTime: 2, initialBufferLevel: 1 } } });
       p.on('error', (e) => window.playerErrors.push(JSON.stringify(e.error || e)));
       p.initialize(video, url, true);`
    : `const h = new Hls({ maxBufferLength: 2, maxMaxBufferLength: 3, backBufferLength: 0 });
       h.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) window.playerErrors.push(d.details); });
       h.loadSource(url); h.attachMedia(video); video.play();`;
writeFileSync(
  join(pages, 'index.html'),
  `<!doctype html><title>steering</title>${library}
   <video id="v" muted autoplay playsinline></video>
   <script>
     window.playerErrors = [];
     const video = document.getElementById('v');
     const url = ${JSON.stringify(playhead + manifestPath)};
     ${start}
   </script>`,
);
const mounts = { '/': mediaDir };
const cacheA = await serveStatic(mounts, { port: Number(portA) });
const cacheB = await serveStatic(mounts, { port: Number(portB) });
const origin = await serveStatic(
  {
    '/': mediaDir,
    '/page/': pages,
    '/lib/dashjs/': join(here, 'node_modules/dashjs/dist/modern/umd'),
    '/lib/hlsjs/': join(here, 'node_modules/hls.js/dist'),
  },
  { port: Number(portOrigin) },
);

const browser = await launchChromium();
const steering = [];
let result;
try {
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('response', async (response) => {
    if (/\/v1\/steering\/[^/]+\/(dash|hls)\.json/.test(response.url())) {
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      steering.push({ at: Date.now(), status: response.status(), url: response.url(), body });
    }
  });
  await page.goto(`${origin.url}/page/index.html`);

  // Playing from the first cache.
  while (segments(cacheA) < 2 && Date.now() < deadline) await sleep(100);
  const markedAt = Date.now();
  const marked = await fetch(`${playhead}/v1/sre/steering/caches/${firstCache}/down`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sreToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ why: `drill: ${player} player steering test` }),
  });
  // The player follows Playhead's next steering answer to the other cache.
  while (segments(cacheB, markedAt) < 2 && Date.now() < deadline) await sleep(100);
  const errors = pageErrors.concat(await page.evaluate(() => window.playerErrors || []));
  const answered = steering.filter((s) => s.body && s.body['PATHWAY-PRIORITY']);
  result = {
    player,
    markStatus: marked.status,
    segmentsFromFirstBeforeMark: segments(cacheA) - segments(cacheA, markedAt),
    segmentsFromSecondAfterMark: segments(cacheB, markedAt),
    segmentsFromOrigin: segments(origin),
    steeringRequests: steering.length,
    firstPriority: answered.length ? answered[0].body['PATHWAY-PRIORITY'] : null,
    lastPriority: answered.length ? answered[answered.length - 1].body['PATHWAY-PRIORITY'] : null,
    lastSteering: answered.length ? answered[answered.length - 1].body : null,
    switchedAfterMs:
      segments(cacheB, markedAt) > 0
        ? cacheB.requests.find((r) => r.at >= markedAt && /seg-/.test(r.path)).at - markedAt
        : -1,
    errors,
  };
} finally {
  await browser.close();
  await Promise.all([cacheA.close(), cacheB.close(), origin.close()]);
}
report(result, result.segmentsFromSecondAfterMark > 0 && result.markStatus === 200 ? 0 : 1);
