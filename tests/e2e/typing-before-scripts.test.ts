import type { Page, Route } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import type { Actor } from './support/accounts';
import { browserForFile } from './support/browser';
import { hydrated } from './support/pages';

// On an old phone on a weak signal the page is readable, and its form usable, seconds before the
// app's script arrives. Whatever someone types or chooses in that time must still be there once the
// script has run (Svelte resets a plain `value` or `checked` when it hydrates; bound fields keep
// what the person entered). Each test holds the app's scripts back, fills the form in as a person
// would, lets the scripts through, waits for hydration and reads every field. Nothing is submitted.

const demo = inject('demo');

const chromium = browserForFile();

/** A page for `role` whose app scripts wait until `release()` is called. */
async function slowScripts(role: Actor): Promise<{ page: Page; release: () => Promise<void>; held: () => number }> {
	const context = await chromium.context(role, 'en-GB');
	const waiting: Route[] = [];
	let open = false;
	await context.route('**/_app/**/*.js', (route) => (open ? route.continue() : void waiting.push(route)));
	const page = await context.newPage();
	return {
		page,
		held: () => waiting.length,
		release: async () => {
			open = true;
			await Promise.all(waiting.splice(0).map((route) => route.continue()));
		}
	};
}

/** Opens `path` with the scripts held back; the HTML is there but nothing has hydrated. */
async function openUnhydrated(role: Actor, path: string) {
	const slow = await slowScripts(role);
	await slow.page.goto(path, { waitUntil: 'domcontentloaded' });
	expect(slow.held(), 'the app’s scripts were held back').toBeGreaterThan(0);
	expect(await slow.page.locator('#svelte-announcer').count(), 'not hydrated yet').toBe(0);
	return slow;
}

test('what someone types into sign-in before the script arrives is still there after it runs', async () => {
	const { page, release } = await openUnhydrated('anonymous', '/sign-in');
	await page.locator('#username').fill('amira');
	await page.locator('#password').fill('typed before the script');
	await release();
	await hydrated(page);
	expect(await page.locator('#username').inputValue()).toBe('amira');
	expect(await page.locator('#password').inputValue()).toBe('typed before the script');
});

test('a young person’s half-written view keeps its words and choices when the script arrives', async () => {
	const { page, release } = await openUnhydrated('leo', `/family/${demo.familyA}/views/new`);
	const prompt = page.locator('input[name="prompt"]').nth(1);
	const feeling = page.locator('input[name="feeling"]').first();
	const audience = page.locator('input[name="audience"]').last();
	await prompt.check();
	await feeling.check({ force: true }); // the faces' radios sit under their labels
	await page.locator('#body').fill('I want to say this before the page finishes loading.');
	await audience.check();
	await release();
	await hydrated(page);
	expect(await page.locator('#body').inputValue()).toBe('I want to say this before the page finishes loading.');
	expect(await prompt.isChecked(), 'the prompt chosen').toBe(true);
	expect(await feeling.isChecked(), 'the feeling chosen').toBe(true);
	expect(await audience.isChecked(), 'who may see it').toBe(true);
});

test('a directory search keeps its words and its chosen kind of help when the script arrives', async () => {
	const { page, release } = await openUnhydrated('anonymous', '/services');
	const kinds = await page.locator('#kind option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
	const kind = kinds.find((value) => value !== '');
	expect(kind, 'the directory offers kinds of help').toBeTruthy();
	await page.locator('#q').fill('debt');
	await page.locator('#kind').selectOption(kind ?? '');
	await page.locator('#age').fill('14');
	await release();
	await hydrated(page);
	expect(await page.locator('#q').inputValue()).toBe('debt');
	expect(await page.locator('#kind').inputValue()).toBe(kind);
	expect(await page.locator('#age').inputValue()).toBe('14');
});

test('a worker’s ticks and unticks of the days they work survive the script arriving', async () => {
	const { page, release } = await openUnhydrated('jo', `/workers/${demo.workers.jo}`);
	const boxes = page.locator('form[action="?/hours"] input[type="checkbox"]');
	expect(await boxes.count()).toBe(7);
	const before = await boxes.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).checked));
	// Each day the other way round from how the server sent it; nothing is submitted.
	for (let i = 0; i < 7; i += 1) await boxes.nth(i).setChecked(!before[i]);
	await release();
	await hydrated(page);
	const after = await boxes.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).checked));
	expect(after).toEqual(before.map((ticked) => !ticked));
});
