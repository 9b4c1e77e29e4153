import { describe, expect, test } from 'vitest';
import { formatViolations, scanPage } from './support/axe';
import { browserForFile } from './support/browser';
import { LOCALE_CODES, errorTitlePrefix, message } from './support/i18n';

// "How we tell you about new things" in a real browser: a parent chooses text messages, types a
// number that is not a UK mobile (refused beside the field, in their language, with the typing
// kept), then their young person's number (refused: a young person's messages are theirs alone),
// then a good one. The page is scanned by axe in every language, clean and with an error.

const { context } = browserForFile();
const PATH = '/account/notifications';
/** Leo's number in the demo: from Ofcom's drama range, like every number here. */
const LEOS_NUMBER = '07700 900461';

describe('choosing text messages as a parent', () => {
	test('a bad number is refused beside its field with the typing kept; a young person’s number is refused; a good one is saved', async () => {
		const page = await (await context('amira', 'en-GB')).newPage();
		await page.goto(PATH);
		await page.locator('#channel-sms').check();
		await page.locator('#phone').fill('0161 496 0000');
		await page.locator('#quietFrom').fill('21:30');
		await page.locator('#quietUntil').fill('07:30');
		await page.getByRole('button', { name: message('en-GB', 'notifications:preferences.submit') }).click();

		const phoneError = page.locator('#phone-error');
		await expect.poll(() => phoneError.textContent()).toContain(message('en-GB', 'notifications:errors.phone_invalid'));
		expect(await page.title()).toMatch(new RegExp(`^${errorTitlePrefix('en-GB')}`));
		expect(await page.locator('#phone').inputValue()).toBe('0161 496 0000');
		expect(await page.locator('#quietFrom').inputValue()).toBe('21:30');
		expect(await page.locator('#channel-sms').isChecked()).toBe(true);
		expect(await page.locator('#phone').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('.error-summary a[href="#phone"]').count()).toBe(1);

		await page.locator('#phone').fill(LEOS_NUMBER);
		await page.getByRole('button', { name: message('en-GB', 'notifications:preferences.submit') }).click();
		await expect
			.poll(() => phoneError.textContent())
			.toContain(message('en-GB', 'notifications:errors.phone_shared_with_young_person'));

		await page.locator('#phone').fill('07700 900 462');
		await page.getByRole('button', { name: message('en-GB', 'notifications:preferences.submit') }).click();
		await expect.poll(() => page.locator('[role="status"]').textContent()).toContain(message('en-GB', 'notifications:preferences.saved'));
		expect(await page.locator('#phone').inputValue()).toBe('07700900462');
		expect(await page.locator('#channel-sms').isChecked()).toBe(true);
		expect(await page.locator('#quietUntil').inputValue()).toBe('07:30');

		// Back to no messages, so the shared demo data stays as it was.
		await page.locator('#channel').check();
		await page.getByRole('button', { name: message('en-GB', 'notifications:preferences.submit') }).click();
		await expect.poll(() => page.locator('[role="status"]').count()).toBe(1);
	});

	test('the account page links to it', async () => {
		const page = await (await context('leo', 'en-GB')).newPage();
		await page.goto('/account');
		await page.getByRole('link', { name: message('en-GB', 'notifications:account.link') }).click();
		await page.waitForURL((url) => url.pathname === PATH);
		// Leo's own choice from the demo: text messages, quiet from 21:00 to 08:00.
		expect(await page.locator('#channel-sms').isChecked()).toBe(true);
		expect(await page.locator('#quietFrom').inputValue()).toBe('21:00');
	});
});

describe.each(LOCALE_CODES)('the page in %s', (locale) => {
	test('has no axe violations, clean and with an error', async () => {
		const page = await (await context('dan', locale)).newPage();
		await page.goto(PATH);
		let violations = await scanPage(page);
		expect(violations, formatViolations(violations, `${PATH} (${locale})`)).toEqual([]);

		await page.locator('#channel-email').check();
		await page.locator('#email').fill('not an email address');
		await page.locator('#quietFrom').fill('9pm');
		await page.locator('main form button[type="submit"]').click();
		await expect.poll(() => page.locator('#email-error').textContent()).toContain(message(locale, 'notifications:errors.email_invalid'));
		expect(await page.locator('#quietFrom-error').textContent()).toContain(message(locale, 'notifications:errors.time_invalid'));
		expect(await page.locator('#email').inputValue()).toBe('not an email address');
		violations = await scanPage(page);
		expect(violations, formatViolations(violations, `${PATH} with errors (${locale})`)).toEqual([]);
	});
});
