import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The browser the end-to-end tests drive: Debian's Chromium, never a test tool's own download. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium quiet and offline: no sandbox (containers), no GPU, no background or update traffic. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** A browser with a page, watched: every request it made, and every error it reported. */
export interface WatchedBrowser {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Requests to anywhere but `allowedOrigin` (all refused before leaving the machine). */
  offsiteRequests: string[];
  /** Uncaught exceptions, console errors (CSP violations among them) and failed requests. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Launches headless Chromium from CHROMIUM_PATH with a fresh profile and opens a page that may
 * talk to `allowedOrigin` only: any other request is recorded and aborted, so nothing leaves the
 * machine even if the page tried. Throws, saying how to install Chromium, when it is missing:
 * the end-to-end tests fail rather than skip without a browser.
 */
export async function launchWatchedBrowser(allowedOrigin: string, viewport = { width: 1440, height: 900 }): Promise<WatchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The end-to-end tests need Chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` (Debian's package; the tests never download a browser).`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'papergraph-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport,
      deviceScaleFactor: 1,
      // System fonts only, the same on every machine that has Debian's fonts.
      locale: 'en-US',
      timezoneId: 'UTC',
      serviceWorkers: 'block',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const requests: string[] = [];
  const offsiteRequests: string[] = [];
  const errors: string[] = [];
  const isAllowed = (url: string) => url.startsWith(`${allowedOrigin}/`) || url === allowedOrigin;
  await context.route(
    (url) => !isAllowed(url.href),
    (route) => {
      offsiteRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.on('request', (request) => {
    requests.push(request.url());
    if (!isAllowed(request.url()) && !offsiteRequests.includes(request.url())) offsiteRequests.push(request.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // An aborted fetch (a search overtaken by the next keystroke) is the page's own doing.
    if (isAllowed(request.url()) && request.failure()?.errorText !== 'net::ERR_ABORTED')
      errors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  return {
    context,
    page,
    requests,
    offsiteRequests,
    errors,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
