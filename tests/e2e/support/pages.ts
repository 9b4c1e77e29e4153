import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { errorTitlePrefix, fill, message, type Locale } from './i18n';

// Small helpers for the journeys that click through pages as a person would.

/** A locator's text with its whitespace collapsed, as a screen reader would read it out. */
export async function text(locator: Locator): Promise<string> {
	return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Where a link leads (its href is relative on the page): path and query. */
export async function pathOf(link: Locator): Promise<string> {
	const url = new URL(await link.evaluate((a: HTMLAnchorElement) => a.href));
	return `${url.pathname}${url.search}`;
}

/**
 * Clicks the form's submit button and waits until the page that answers has loaded. Returns the
 * status of the POST itself: 303 when it was saved, 4xx when the page came back with errors.
 * Meant for pages without JavaScript, where every submit is a full page load.
 */
export async function submit(page: Page, form: Locator, button: Locator = form.locator('button[type="submit"]')): Promise<number> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.frame() === page.mainFrame()),
		page.waitForEvent('load'),
		button.click()
	]);
	return response.status();
}

/**
 * After a failed submit without JavaScript: the title starts with the translated "Error:", the
 * error summary names the problem and links to the field, and the field shows the same message
 * and is marked invalid.
 */
export async function expectFieldError(
	page: Page,
	field: string,
	errorText: string,
	heading: string,
	locale: Locale = 'en-GB'
): Promise<void> {
	const title = await page.title();
	expect(title, 'the title says there is an error').toBe(fill(message(locale, 'common:title.with_error'), { title: heading }));
	expect(title.startsWith(errorTitlePrefix(locale)), `"${title}" starts with the translated "Error:"`).toBe(true);
	const summary = page.locator('.error-summary');
	expect(await summary.isVisible(), 'error summary').toBe(true);
	expect(await text(summary)).toContain(errorText);
	expect(await summary.locator(`a[href="#${field}"]`).count(), `the summary links to #${field}`).toBe(1);
	expect(await page.locator(`#${field}`).count(), `#${field}, which the summary links to, is on the page`).toBe(1);
	const next = page.locator(`#${field}-error`);
	expect(await next.isVisible(), `#${field}-error is shown`).toBe(true);
	expect(await text(next)).toContain(errorText);
	expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
}
