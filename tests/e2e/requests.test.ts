import { describe, expect, inject, test } from 'vitest';
import { LOCALE_CODES } from '../../src/lib/i18n/locales';
import { formatViolations, scanPage } from './support/axe';
import { browserForFile } from './support/browser';
import { fill, message } from './support/i18n';
import { submit, text } from './support/pages';

// "Ask for help": Amira asks the debt advice service for help, in her own words and sharing one
// part of her plan; she sees how long it has waited; Kim, who manages the service, reads only the
// part she shared and accepts; Amira sees it move. Every new page is scanned by axe in every
// language, with an error state on each form.

const demo = inject('demo');
const A = demo.familyA;
const DEBT = demo.debtAdviceService;
const REQ = demo.amiraDebtRequest;
/** Amira's request with Jo, not passed on: the pass-on form is on its page for Jo. */
const REQW = demo.amiraWorkerRequest;
const RUN = Date.now().toString(36);
const { context } = browserForFile();
const en = (key: string, values: Record<string, string | number> = {}) => fill(message('en-GB', key), values);

describe('Amira asks the debt advice service for help; Kim accepts; Amira sees it move', () => {
	test('with JavaScript off: errors next to the field, her words kept; then sent, accepted and shown', async () => {
		const page = await (await context('amira', 'en-GB', { javaScriptEnabled: false })).newPage();
		page.setDefaultTimeout(20_000);
		await page.goto(`/services/${DEBT}`);
		await page.getByRole('link', { name: en('requests:ask.link') }).click();
		await page.waitForURL(`**/services/${DEBT}/ask`);

		// Too little said, and no way to ask chosen: both errors, what she typed is still there.
		await page.locator('#help_wanted').fill('Bills');
		expect(await submit(page, page.locator('main form.view-form'))).toBe(400);
		expect(await page.title()).toMatch(/^Error:/);
		expect(await text(page.locator('#help_wanted-error'))).toContain(en('requests:ask.errors.help_wanted.too_short'));
		expect(await text(page.locator('#route-error'))).toContain(en('requests:ask.errors.route.required'));
		expect(await page.locator('#help_wanted').inputValue()).toBe('Bills');
		// (Axe runs in the page, so the error states are scanned below, with scripts on.)

		const words = `We are behind with the gas bill and would like help to make a plan (${RUN}).`;
		await page.locator('#help_wanted').fill(words);
		await page.locator('#route').check();
		// She shares what is going well, and keeps her worries to herself.
		await page.locator('#share').check();
		expect(await submit(page, page.locator('main form.view-form'))).toBe(303);
		expect(page.url()).toMatch(new RegExp(`/family/${A}/requests/[a-z0-9]{32}\\?saved=asked$`));
		const requestPath = new URL(page.url()).pathname;
		const requestId = requestPath.split('/').pop() ?? '';
		expect(await text(page.locator('main'))).toContain(en('requests:status.waiting'));
		expect(await text(page.locator('main'))).toContain(fill(message('en-GB', 'requests:waited_following_other'), { count: 0, name: 'Jo Bennett' }));
		expect(await text(page.locator('main'))).toContain(words);

		// Her list: the new request, and the one that has waited 12 days with Jo following it up.
		await page.goto(`/family/${A}/requests`);
		const list = await text(page.locator('main'));
		expect(list).toContain(fill(message('en-GB', 'requests:waited_following_other'), { count: 12, name: 'Jo Bennett' }));
		expect(await page.locator(`a[href$="/requests/${requestId}"]`).count()).toBe(1);

		// Kim reads it: what Amira said, what is going well, and not her worries.
		const kim = await (await context('kim', 'en-GB', { javaScriptEnabled: false })).newPage();
		kim.setDefaultTimeout(20_000);
		await kim.goto(`/service/${DEBT}/requests/${requestId}`);
		const staffView = await text(kim.locator('main'));
		expect(staffView).toContain(words);
		expect(staffView).toContain(en('requests:sections.going_well'));
		expect(staffView).not.toContain(en('requests:sections.worried_about'));
		// A decline with no reason is refused, next to the field.
		expect(await submit(kim, kim.locator('form[action="?/decline"]'))).toBe(400);
		expect(await text(kim.locator('#reason-error'))).toContain(en('requests:errors.reason.required'));
		expect(await submit(kim, kim.locator('form[action="?/accept"]'))).toBe(303);
		expect(await text(kim.locator('main'))).toContain(en('requests:status.accepted'));

		// Amira sees it move.
		await page.goto(requestPath);
		expect(await text(page.locator('main'))).toContain(en('requests:status.accepted'));
	});
});

describe('Amira asks Jo to ask for her; Kim cannot see it until Jo passes it on with a note', () => {
	test('with JavaScript off: a note too long is refused next to the field and kept; then passed on and shown to Kim', async () => {
		const page = await (await context('amira', 'en-GB', { javaScriptEnabled: false })).newPage();
		page.setDefaultTimeout(20_000);
		await page.goto(`/services/${DEBT}/ask`);
		const words = `Please ask them to help me with a letter about council tax (${RUN}).`;
		await page.locator('#help_wanted').fill(words);
		await page.locator('input[name="route"][value="worker"]').check();
		expect(await submit(page, page.locator('main form.view-form'))).toBe(303);
		const requestPath = new URL(page.url()).pathname;
		const requestId = requestPath.split('/').pop() ?? '';
		expect(page.url()).toMatch(/\?saved=asked_worker$/);
		const asked = await text(page.locator('main'));
		expect(asked).toContain(en('requests:saved.asked_worker'));
		expect(asked).toContain(en('requests:status.with_worker'));
		expect(asked).toContain(fill(message('en-GB', 'requests:with_worker_other'), { count: 0, name: 'Jo Bennett', service: 'Money Matters Debt Advice' }));

		// Kim's service does not know of it: not in the list, and its page is not found.
		const kim = await (await context('kim', 'en-GB', { javaScriptEnabled: false })).newPage();
		kim.setDefaultTimeout(20_000);
		await kim.goto(`/service/${DEBT}/requests`);
		expect(await kim.locator(`a[href$="/requests/${requestId}"]`).count()).toBe(0);
		expect((await kim.goto(`/service/${DEBT}/requests/${requestId}`))?.status()).toBe(404);

		// Jo sees it waiting on her, and passes it on.
		const jo = await (await context('jo', 'en-GB', { javaScriptEnabled: false })).newPage();
		jo.setDefaultTimeout(20_000);
		await jo.goto('/my-families');
		expect(await text(jo.locator('main'))).toContain(en('requests:worker.pass_on_heading'));
		expect(await jo.locator(`a[href$="/requests/${requestId}"]`).count()).toBe(1);
		await jo.goto(requestPath);
		const form = jo.locator('form[action="?/pass_on"]');
		const tooLong = `${'She finds letters hard to read. '.repeat(20).slice(0, 500)}!`;
		await jo.locator('#worker_note').evaluate((el) => el.removeAttribute('maxlength'));
		await jo.locator('#worker_note').fill(tooLong);
		expect(await submit(jo, form)).toBe(400);
		expect(await jo.title()).toMatch(/^Error:/);
		expect(await text(jo.locator('#worker_note-error'))).toContain(en('requests:errors.worker_note.too_long'));
		expect(await jo.locator('#worker_note').inputValue()).toBe(tooLong);
		expect((await kim.goto(`/service/${DEBT}/requests/${requestId}`))?.status()).toBe(404);

		const note = `Amira would like a phone call rather than a letter (${RUN}).`;
		await jo.locator('#worker_note').fill(note);
		expect(await submit(jo, jo.locator('form[action="?/pass_on"]'))).toBe(303);
		expect(jo.url()).toMatch(/\?saved=passed_on$/);
		expect(await text(jo.locator('main'))).toContain(en('requests:saved.passed_on'));
		expect(await jo.locator('form[action="?/pass_on"]').count()).toBe(0);

		// Kim sees it now, with Jo's note; Amira sees it is with the service.
		expect((await kim.goto(`/service/${DEBT}/requests/${requestId}`))?.status()).toBe(200);
		const staffView = await text(kim.locator('main'));
		expect(staffView).toContain(words);
		expect(staffView).toContain(en('requests:staff.worker_note_heading'));
		expect(staffView).toContain(note);
		await page.goto(requestPath);
		expect(await text(page.locator('main'))).toContain(en('requests:status.waiting'));
	});
});

describe('every new page has no accessibility violations, in every language', () => {
	test.concurrent.for(LOCALE_CODES)('%s', async (locale) => {
		const amira = await (await context('amira', locale)).newPage();
		const kim = await (await context('kim', locale)).newPage();
		const jo = await (await context('jo', locale)).newPage();
		const pages: Array<[typeof amira, string]> = [
			[amira, `/services/${DEBT}/ask`],
			[amira, `/family/${A}/requests`],
			[amira, `/family/${A}/requests/${REQ}`],
			[jo, `/family/${A}/requests/${REQ}`],
			[jo, `/family/${A}/requests/${REQW}`],
			[amira, `/family/${A}/requests/${REQW}`],
			[jo, '/my-families'],
			[kim, `/service/${DEBT}/requests`],
			[kim, `/service/${DEBT}/requests/${REQ}`]
		];
		for (const [page, path] of pages) {
			const response = await page.goto(path);
			expect(response?.status(), `${locale} ${path}`).toBe(200);
			const violations = await scanPage(page);
			expect(violations, formatViolations(violations, `${locale} ${path}`)).toEqual([]);
		}
		// The chart is drawn on the server, with its table.
		await kim.goto(`/service/${DEBT}/requests`);
		expect(await kim.locator('figure svg[role="img"]').count()).toBe(1);
		expect(await kim.locator('table tbody tr').count()).toBe(6);
		// Error states: asking with nothing typed, and declining with no reason (nothing is saved).
		await amira.goto(`/services/${DEBT}/ask`, { waitUntil: 'networkidle' });
		await amira.locator('main form.view-form button[type="submit"]').click();
		await amira.waitForSelector('.error-summary');
		let violations = await scanPage(amira);
		expect(violations, formatViolations(violations, `${locale} ask, error state`)).toEqual([]);
		await kim.goto(`/service/${DEBT}/requests/${REQ}`, { waitUntil: 'networkidle' });
		await kim.locator('form[action="?/decline"] button[type="submit"]').click();
		await kim.waitForSelector('.error-summary');
		violations = await scanPage(kim);
		expect(violations, formatViolations(violations, `${locale} decline, error state`)).toEqual([]);
		// The pass-on form, clean and with a note too long (nothing is saved).
		await jo.goto(`/family/${A}/requests/${REQW}`, { waitUntil: 'networkidle' });
		expect(await jo.locator('form[action="?/pass_on"]').count()).toBe(1);
		violations = await scanPage(jo);
		expect(violations, formatViolations(violations, `${locale} pass on`)).toEqual([]);
		await jo.locator('#worker_note').evaluate((el) => el.removeAttribute('maxlength'));
		await jo.locator('#worker_note').fill('x'.repeat(501));
		await jo.locator('form[action="?/pass_on"] button[type="submit"]').click();
		await jo.waitForSelector('.error-summary');
		expect(await jo.locator('#worker_note').inputValue()).toHaveLength(501);
		violations = await scanPage(jo);
		expect(violations, formatViolations(violations, `${locale} pass on, error state`)).toEqual([]);
	});
});
