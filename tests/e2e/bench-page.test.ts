import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BENCH_ENV } from '../../src/lib/server/bench/bench.service';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser } from './support/browser';
import { LOCALE_CODES, message } from './support/i18n';
import { startOwnServer, type OwnServer } from './support/own-server';

// The benchmark's baseline page (/bench) exists only on a server started with CG_BENCH=1, so the
// suite's shared server (and the axe crawl over it) only ever sees its 404 (authorization.test.ts).
// Here it gets a server of its own with the switch on, and is read and scanned by axe in every
// language like every other page.

let own: OwnServer;
let browser: Browser;

beforeAll(async () => {
	own = await startOwnServer('bench-page', { [BENCH_ENV]: '1' });
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await own?.stop();
});

describe.each(LOCALE_CODES)('the benchmark page in %s', (locale) => {
	test('answers with its heading and the directory count, and has no axe violations', async () => {
		const context = await browser.newContext({ baseURL: own.baseURL });
		try {
			const page = await context.newPage();
			const response = await page.goto(`/bench?lang=${locale}`);
			expect(response?.status()).toBe(200);
			expect(await page.locator('h1').textContent()).toBe(message(locale, 'admin:bench.title'));
			expect(await page.locator('main p').last().textContent()).toMatch(/\d/);
			const violations = await scanPage(page);
			expect(violations, formatViolations(violations, `/bench (${locale})`)).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
