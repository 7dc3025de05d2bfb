import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (the CI installs it; the machine has no browser download). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * `describe` for tests that drive Chromium: skipped (saying so) where the browser is missing,
 * failing instead under CI, where .ci/run installs it.
 */
export function describeInChromium(name: string, tests: () => void): void {
  const available = fs.existsSync(CHROMIUM);
  const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';
  if (!available && inCI) {
    it(`${name}: ${CHROMIUM} is missing (CI installs it: apt-get install -y chromium)`, () => {
      throw new Error(`${CHROMIUM} is missing; .ci/run must install Debian's chromium package`);
    });
  } else if (!available) {
    it.skip(`${name}: SKIPPED, ${CHROMIUM} is missing (apt-get install -y chromium)`, () => undefined);
  }
  (available ? describe : describe.skip)(name, tests);
}
