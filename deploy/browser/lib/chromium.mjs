// Launches Debian's Chromium headless through playwright-core, with the flags this machine needs:
// the background-networking flags stop Chromium from calling Google hosts that the closed network
// refuses; a fresh profile directory per run keeps tests independent.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.PLAYHEAD_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--autoplay-policy=no-user-gesture-required',
  '--mute-audio',
];

/** Starts Chromium with a throwaway profile; close() removes the profile too. */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'playhead-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Prints one JSON line that the Java side of a test parses, then exits with the given code. */
export function report(result, exitCode = 0) {
  // Exit once the line is written: process.exit right after a large write to a pipe cuts it off.
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(exitCode));
}
