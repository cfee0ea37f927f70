/**
 * A page of the report in Chromium, with everything the page said and asked for recorded: console
 * errors, uncaught page errors and every request (a self-contained report requests nothing but
 * itself).
 */
import type { Browser, Page } from 'playwright-core';

/** The first screen of the report, as the issue asks it looked at: 1400 px wide. */
export const VIEWPORT = { width: 1400, height: 900 } as const;

/** An open page of the report and what it has said so far. */
export interface ReportPage {
  readonly page: Page;
  /** Console messages of type error, with where they came from. */
  readonly consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[];
  /** Every URL the page requested (the report itself included). */
  readonly requests: string[];
  /** Closes the page and its context. */
  close(): Promise<void>;
}

/** Opens `url` in a fresh context of `browser` at {@link VIEWPORT}, recording from the start. */
export async function openReport(browser: Browser, url: string): Promise<ReportPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const at = message.location();
    consoleErrors.push(`${message.text()}${at.url ? ` (at ${at.url}:${at.lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, consoleErrors, pageErrors, requests, close: () => context.close() };
}
