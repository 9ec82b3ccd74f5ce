/**
 * Browser tests: the real server on a random loopback port over a fresh database with demo data, and
 * Debian's chromium driven by playwright-core. Every page is watched for console errors and uncaught
 * exceptions (a test fails on any that it did not announce), and screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestSystem, type TestSystem } from './system.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { uiBuildState } from '../../src/ui/build.ts';
import { REPO_ROOT } from '../../src/ui/paths.ts';

export const CHROMIUM = process.env.CSE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'browser');
export { DEMO_PASSWORD };

export interface DemoServer {
  sys: TestSystem;
  baseUrl: string;
  close(): Promise<void>;
}

/** The server with demo data (a small state: 40 cases, half a year of orders, withholding, payments and disbursements). */
export async function startDemoServer(options: { cases?: number; today?: string } = {}): Promise<DemoServer> {
  const state = uiBuildState();
  if (state !== 'fresh') {
    throw new Error(`the browser app is ${state === 'missing' ? 'not built' : 'older than its sources'}: run "npm run build:ui" (npm test and .ci/run build it first)`);
  }
  const sys = await createTestSystem({ offices: [], today: options.today ?? '2026-11-02' });
  await seedDemo(sys.deps, { cases: options.cases ?? 40, seed: 7, financialMonths: 6 });
  await sys.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = sys.app.server.address() as AddressInfo;
  return { sys, baseUrl: `http://127.0.0.1:${port}`, close: () => sys.close() };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    // Never skip: CI must not pass without having looked at the pages.
    throw new Error(`chromium is not installed at ${CHROMIUM}; install Debian's package (apt-get install -y chromium). The browser tests cannot run without it.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors seen so far that no step announced. */
  problems: string[];
  /** Runs a step that is expected to log a matching console error (e.g. a deliberate 401). */
  expectingConsoleError<T>(pattern: RegExp, step: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, baseUrl: string): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  let expected: RegExp | null = null;
  let expectedSeen = false;
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'assert') return;
    const text = `${msg.text()} ${msg.location().url ?? ''}`;
    if (expected && expected.test(text)) {
      expectedSeen = true;
      return;
    }
    problems.push(`console ${msg.type()} on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  return {
    page,
    context,
    problems,
    async expectingConsoleError(pattern, step) {
      expected = pattern;
      expectedSeen = false;
      try {
        const out = await step();
        // Console messages arrive asynchronously; give the expected one a moment.
        for (let i = 0; i < 20 && !expectedSeen; i++) await page.waitForTimeout(25);
        return out;
      } finally {
        expected = null;
      }
    },
    close: () => context.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the sign-in page and waits for the landing page. */
export async function signIn(page: Page, username: string, landing: RegExp): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/user name|nombre de usuario/i).fill(username);
  await page.getByLabel(/^password$|^contraseña$/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in|iniciar sesión/i }).click();
  await page.waitForURL(landing);
  // The landing page has rendered once its heading has focus.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
}

/**
 * Checks a page for what every page must have: one main landmark, a banner and a footer, one h1, a
 * language, a label for every form control, a name for every button and link, alt text on images and
 * no duplicate ids. Returns the problems found.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // A string, not a function: the TypeScript loader would wrap a function's inner names in a helper
  // that does not exist inside the page.
  return page.evaluate(A11Y_CHECK) as Promise<string[]>;
}

const A11Y_CHECK = `(() => {
  const problems = [];
  const describe = (el) => el.outerHTML.slice(0, 120);
  if (!document.documentElement.lang) problems.push('the page has no lang attribute');
  if (document.querySelectorAll('main').length !== 1) problems.push(document.querySelectorAll('main').length + ' main landmarks');
  if (!document.querySelector('header')) problems.push('no banner (header)');
  if (!document.querySelector('footer')) problems.push('no contentinfo (footer)');
  const h1 = document.querySelectorAll('h1');
  if (h1.length !== 1) problems.push(h1.length + ' h1 headings');
  if (!document.querySelector('a.usa-skipnav[href="#main-content"]')) problems.push('no skip link');
  for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!((c.labels && c.labels.length) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby'))) problems.push('unlabelled control ' + describe(c));
  }
  for (const b of document.querySelectorAll('button')) {
    if (!((b.textContent || '').trim() || b.getAttribute('aria-label') || b.querySelector('img[alt]:not([alt=""])'))) problems.push('button without a name ' + describe(b));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!((a.textContent || '').trim() || a.getAttribute('aria-label'))) problems.push('link without text ' + describe(a));
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('image without alt ' + describe(img));
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('id "' + id + '" used ' + n + ' times');
  for (const t of document.querySelectorAll('table')) if (!t.querySelector('th')) problems.push('table without header cells ' + describe(t));
  return problems;
})()`;

/** Opens a page, runs the journey, then checks that nothing went to the console (errors, uncaught exceptions). */
export async function runJourney(browser: Browser, baseUrl: string, run: (w: WatchedPage) => Promise<void>): Promise<void> {
  const w = await openPage(browser, baseUrl);
  try {
    await run(w);
    assert.deepEqual(w.problems, [], 'no console errors or uncaught exceptions');
  } finally {
    await w.close();
  }
}

/** The accessibility basics (labels, landmarks, headings) on the page as it stands. */
export async function assertAccessible(w: WatchedPage, where: string): Promise<void> {
  assert.deepEqual(await accessibilityProblems(w.page), [], `accessibility basics on ${where}`);
}
