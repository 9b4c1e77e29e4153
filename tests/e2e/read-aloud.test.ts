import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import type { Actor } from './support/accounts';
import { browserForFile } from './support/browser';
import { message, type Locale } from './support/i18n';

// "Listen" (DOMAIN.md §9: read-aloud where the browser supports it). Headless Chromium has no
// voices of its own, so each page gets a stand-in speechSynthesis before any of its scripts run:
// it has the voices a test gives it (only after a `voiceschanged`, as Chrome loads them late) and
// records what it is asked to say. Nothing is ever really spoken.

const demo = inject('demo');
const PLAN = `/family/${demo.familyA}/plan`;

interface FakeVoice {
	lang: string;
	name: string;
}

interface Spoken {
	text: string;
	lang: string;
	voice: string | null;
}

interface FakeSpeech {
	spoken: Spoken[];
	cancels: number;
	voicesAsked: number;
	finish(): void;
}

declare global {
	interface Window {
		__speech?: FakeSpeech;
	}
}

/** Runs in the page, before the app: replaces speechSynthesis and SpeechSynthesisUtterance. */
function installFakeSpeech(voices: FakeVoice[]): void {
	class FakeUtterance extends EventTarget {
		text: string;
		lang = '';
		voice: FakeVoice | null = null;
		constructor(text = '') {
			super();
			this.text = text;
		}
	}
	let loaded = false;
	let loading = false;
	const queued: FakeUtterance[] = [];
	const record: FakeSpeech = {
		spoken: [],
		cancels: 0,
		voicesAsked: 0,
		// Ends every utterance, as a browser would once it has said them all.
		finish() {
			for (const utterance of queued.splice(0)) utterance.dispatchEvent(new Event('end'));
		}
	};
	const synth = Object.assign(new EventTarget(), {
		speaking: false,
		pending: false,
		paused: false,
		getVoices() {
			record.voicesAsked += 1;
			// Like Chrome: the first call starts loading the voices, and the list comes later.
			if (!loading) {
				loading = true;
				setTimeout(() => {
					loaded = true;
					synth.dispatchEvent(new Event('voiceschanged'));
				}, 50);
			}
			return loaded ? voices.map((v) => ({ ...v, default: false, localService: true, voiceURI: v.name })) : [];
		},
		speak(utterance: FakeUtterance) {
			queued.push(utterance);
			record.spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice?.name ?? null });
		},
		cancel() {
			record.cancels += 1;
			queued.splice(0);
		},
		pause() {},
		resume() {}
	});
	Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
	Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true, writable: true });
	window.__speech = record;
}

const BRITISH = { lang: 'en-GB', name: 'British English' };
const AMERICAN = { lang: 'en-US', name: 'American English' };
const WELSH = { lang: 'cy-GB', name: 'Cymraeg' };

const chromium = browserForFile();

async function open(actor: Actor, locale: Locale, voices: FakeVoice[] | null, path = PLAN): Promise<Page> {
	const context = await chromium.context(actor, locale, voices ? {} : { javaScriptEnabled: false });
	if (voices) await context.addInitScript(installFakeSpeech, voices);
	const page = await context.newPage();
	const response = await page.goto(path);
	expect(response?.status()).toBe(200);
	return page;
}

const speech = (page: Page) =>
	page.evaluate(() => {
		const record = window.__speech;
		if (!record) throw new Error('e2e: the fake speechSynthesis was not installed');
		return { spoken: record.spoken, cancels: record.cancels, voicesAsked: record.voicesAsked };
	});

/** Waits until the page has looked at its voices again after `voiceschanged`, when they have loaded. */
async function voicesChecked(page: Page): Promise<void> {
	await page.waitForFunction(() => (window.__speech?.voicesAsked ?? 0) >= 2);
}

const listenButton = (page: Page, locale: Locale) =>
	page.getByRole('button', { name: message(locale, 'common:read_aloud.listen_label'), exact: true });

const buttonText = async (page: Page) => ((await page.locator('.read-aloud button').textContent()) ?? '').trim();

describe('a family member, with voices', () => {
	test('Listen reads the plan from its heading in English, and Stop stops it', async () => {
		const page = await open('amira', 'en-GB', [AMERICAN, BRITISH, WELSH]);
		const listen = listenButton(page, 'en-GB');
		await listen.waitFor();
		expect(await buttonText(page)).toBe(message('en-GB', 'common:read_aloud.listen'));
		// Under the heading, in the main content; a plain button, not a toggle.
		expect(await page.locator('main h1 + .read-aloud button[type="button"]').count()).toBe(1);
		expect(await listen.getAttribute('aria-pressed')).toBeNull();
		expect(await page.locator('.read-aloud svg').getAttribute('aria-hidden')).toBe('true');

		await listen.click();
		const stop = page.getByRole('button', { name: message('en-GB', 'common:read_aloud.stop_label'), exact: true });
		await stop.waitFor();
		expect(await buttonText(page)).toBe(message('en-GB', 'common:read_aloud.stop'));

		const { spoken, cancels } = await speech(page);
		const h1 = ((await page.locator('main h1').textContent()) ?? '').trim();
		expect(h1).toBe(message('en-GB', 'plan:page.title'));
		expect(spoken[0]?.text).toBe(h1);
		const texts = spoken.map((s) => s.text);
		expect(texts).toContain(message('en-GB', 'plan:page.lead'));
		expect(texts).toContain(message('en-GB', 'plan:summary.going_well'));
		// One block at a time, none too long for Chrome.
		expect(spoken.length).toBeGreaterThan(5);
		expect(texts.every((text) => text.length > 0 && text.length <= 200)).toBe(true);
		// In British English, with the British voice.
		expect(new Set(spoken.map((s) => s.lang))).toEqual(new Set(['en-GB']));
		expect(new Set(spoken.map((s) => s.voice))).toEqual(new Set([BRITISH.name]));
		// Never the way back above the heading, the button itself, or what only a screen reader hears.
		expect(texts).not.toContain(message('en-GB', 'plan:page.back_home'));
		expect(texts.join(' ')).not.toContain(message('en-GB', 'common:read_aloud.listen'));
		expect(texts).not.toContain(message('en-GB', 'plan:summary.heading'));

		await stop.click();
		await listen.waitFor();
		expect((await speech(page)).cancels).toBe(cancels + 1);
		expect(await buttonText(page)).toBe(message('en-GB', 'common:read_aloud.listen'));
	});

	test('the button goes back to Listen when the reading ends, and leaving the page stops it', async () => {
		const page = await open('amira', 'en-GB', [BRITISH]);
		const listen = listenButton(page, 'en-GB');
		await listen.click();
		const stop = page.getByRole('button', { name: message('en-GB', 'common:read_aloud.stop_label'), exact: true });
		await stop.waitFor();
		await page.evaluate(() => window.__speech?.finish());
		await listen.waitFor();

		await listen.click();
		await stop.waitFor();
		const before = (await speech(page)).cancels;
		// A link inside the app: SvelteKit's client-side navigation.
		await page.locator(`main a[href="/family/${demo.familyA}"]`).first().click();
		await page.waitForURL(`**/family/${demo.familyA}`);
		expect((await speech(page)).cancels).toBeGreaterThan(before);
		// The family's home page has its own Listen.
		await listenButton(page, 'en-GB').waitFor();
	});

	test('Welsh is read with a Welsh voice', async () => {
		const page = await open('amira', 'cy', [BRITISH, WELSH]);
		const listen = listenButton(page, 'cy');
		await listen.waitFor();
		expect(await buttonText(page)).toBe(message('cy', 'common:read_aloud.listen'));
		await listen.click();
		const { spoken } = await speech(page);
		expect(spoken[0]?.text).toBe(message('cy', 'plan:page.title'));
		expect(new Set(spoken.map((s) => `${s.lang} ${s.voice}`))).toEqual(new Set([`cy-GB ${WELSH.name}`]));
	});

	test('Easy Read is read with a British English voice', async () => {
		const page = await open('amira', 'en-GB-x-easy', [AMERICAN, BRITISH]);
		await listenButton(page, 'en-GB-x-easy').click();
		const { spoken } = await speech(page);
		expect(spoken[0]?.text).toBe(message('en-GB-x-easy', 'plan:page.title'));
		expect(new Set(spoken.map((s) => `${s.lang} ${s.voice}`))).toEqual(new Set([`en-GB ${BRITISH.name}`]));
	});

	test('no button when the browser has no voice for the page’s language', async () => {
		const page = await open('amira', 'ur', [BRITISH, WELSH]);
		await voicesChecked(page);
		expect(await page.locator('.read-aloud').count()).toBe(0);
		expect(await listenButton(page, 'ur').count()).toBe(0);
		expect((await speech(page)).spoken).toEqual([]);
	});
});

test('a young person has Listen on their own views page', async () => {
	const page = await open('leo', 'en-GB', [BRITISH], `/family/${demo.familyA}/views`);
	await listenButton(page, 'en-GB').click();
	const { spoken } = await speech(page);
	expect(spoken[0]?.text).toBe(message('en-GB', 'views:title'));
	expect(spoken.length).toBeGreaterThan(1);
});

test('without JavaScript the page works and has no button', async () => {
	const page = await open('amira', 'en-GB', null);
	expect(((await page.locator('main h1').textContent()) ?? '').trim()).toBe(message('en-GB', 'plan:page.title'));
	expect(await page.locator('main').textContent()).toContain(message('en-GB', 'plan:page.lead'));
	expect(await page.locator('.read-aloud').count()).toBe(0);
	expect(await listenButton(page, 'en-GB').count()).toBe(0);
});

test('a worker on the same plan has no button', async () => {
	const page = await open('jo', 'en-GB', [BRITISH]);
	// The print button appears once the page's scripts have run; Listen would have by then too.
	await page.getByRole('button', { name: message('en-GB', 'plan:page.print'), exact: true }).waitFor();
	await page.waitForTimeout(200);
	expect(await page.locator('.read-aloud').count()).toBe(0);
	expect(await listenButton(page, 'en-GB').count()).toBe(0);
	expect((await speech(page)).voicesAsked).toBe(0);
});
