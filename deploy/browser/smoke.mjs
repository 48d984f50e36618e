// Checks that this machine's Chromium can do what the real-player tests need: Media Source
// Extensions with H.264/AAC in MP4, and the W3C Clear Key CDM. Prints one JSON line.
import { launchChromium, report } from './lib/chromium.mjs';
import { serveStatic } from './lib/static-server.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pages = mkdtempSync(join(tmpdir(), 'playhead-smoke-'));
writeFileSync(join(pages, 'index.html'), '<!doctype html><title>smoke</title>');
const server = await serveStatic({ '/': pages });

const browser = await launchChromium();
let result;
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/index.html`);
  result = await page.evaluate(async () => {
    const clearKey = await navigator
      .requestMediaKeySystemAccess('org.w3.clearkey', [
        {
          initDataTypes: ['cenc', 'keyids'],
          videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.42E01E"' }],
        },
      ])
      .then(() => true, (e) => String(e));
    return {
      userAgent: navigator.userAgent,
      mseH264: MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E"'),
      mseAac: MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
      clearKey,
    };
  });
} finally {
  await browser.close();
  await server.close();
}
report(result, result.mseH264 && result.clearKey === true ? 0 : 1);
