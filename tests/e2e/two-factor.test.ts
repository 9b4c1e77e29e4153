import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.service';
import { decodeTotpSecret, totpCode } from '../../src/lib/server/auth/totp';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { demoTotpCode } from './global-setup';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser } from './support/browser';
import { LOCALE_CODES, errorTitlePrefix, message } from './support/i18n';
import { startOwnServer, type OwnServer } from './support/own-server';

// The second factor and password resets, end to end in Chromium and over plain HTTP. Everything
// here signs in, turns codes off, sets passwords and ends sessions, so it runs on a server and a
// copy of the demo data of its own: the suite's shared sessions and accounts never see it.

const en = (key: string) => message('en-GB', key);

let own: OwnServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	own = await startOwnServer('two-factor');
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	await Promise.all(contexts.map((c) => c.close()));
	await browser?.close();
	await own?.stop();
});

/** A page in a new browser context on this file's server, with `token` as its session if given. */
async function openPage(token?: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: own.baseURL });
	contexts.push(context);
	if (token) await context.addCookies([{ name: SESSION_COOKIE, value: token, url: own.baseURL }]);
	return context.newPage();
}

/** A request as a browser's form or link would make it, answered without following redirects. */
async function http(path: string, token: string | null, form?: Record<string, string>): Promise<Response> {
	const headers: Record<string, string> = { accept: 'text/html', origin: own.baseURL };
	if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
	if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
	return fetch(new URL(path, own.baseURL), {
		method: form ? 'POST' : 'GET',
		headers,
		body: form ? new URLSearchParams(form) : undefined,
		redirect: 'manual'
	});
}

const outcome = (response: Response) =>
	response.status >= 300 && response.status < 400 ? `${response.status} ${response.headers.get('location')}` : String(response.status);

/** Signs in with the password over HTTP: the new (not yet verified) session and where it was sent. */
async function signInOverHttp(username: string, password = DEMO_PASSWORD): Promise<{ token: string; location: string }> {
	const response = await http('/sign-in', null, { username, password });
	const token = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
		?.slice(SESSION_COOKIE.length + 1);
	if (response.status !== 303 || !token) throw new Error(`signing in as ${username} gave ${response.status}`);
	return { token, location: response.headers.get('location') ?? '' };
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
	const violations = await scanPage(page);
	expect(violations, formatViolations(violations, where)).toEqual([]);
}

async function h1(page: Page): Promise<string> {
	return ((await page.locator('h1').textContent()) ?? '').trim();
}

describe('signing in with a code from an app', () => {
	test('jo types her password, then a wrong code and the right one, and reaches the Hassan family', async () => {
		const page = await openPage();
		await page.goto('/sign-in', { waitUntil: 'networkidle' });
		await page.locator('#username').fill('jo');
		await page.locator('#password').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForURL('**/sign-in/code'), page.locator('main button[type="submit"]').click()]);
		expect(await h1(page)).toBe(en('auth:second_step.title'));
		// Until the code is typed the menu offers only signing out.
		expect(await page.locator('header nav a[href="/account"]').count()).toBe(0);
		expect(await page.locator('header form[action="/sign-out"]').count()).toBe(1);
		await expectNoViolations(page, '/sign-in/code');

		await page.waitForSelector('#svelte-announcer', { state: 'attached' });
		await page.locator('#code').fill('12345');
		await page.locator('main button[type="submit"]').click();
		await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false);
		expect(await page.locator('#code-error').innerText()).toContain(en('auth:second_step.errors.code_invalid'));
		expect(await page.locator('#code').inputValue(), 'what was typed is kept').toBe('12345');
		expect(await page.title()).toContain(en('auth:second_step.title'));
		await expectNoViolations(page, '/sign-in/code with a wrong code');

		await page.locator('#code').fill(demoTotpCode('jo') as string);
		await Promise.all([page.waitForURL('**/my-families'), page.locator('main button[type="submit"]').click()]);
		const response = await page.goto(`/family/${own.demo.familyA}`);
		expect(new URL(page.url()).pathname).toBe(`/family/${own.demo.familyA}`);
		// Said in full if it ever fails: which answer came back, and what it began with.
		const answered = `${response?.status()} ${(await page.locator('body').innerText()).slice(0, 300)}`;
		expect(response?.status(), answered).toBe(200);
		expect(await page.locator('header nav a[href="/account"]').count(), `the whole menu is back: ${answered}`).toBe(1);
	});
});

describe('the second step in every language', () => {
	// The crawls never reach this page (their sessions have typed their code), so it is scanned
	// here: clean, and with the error an empty code gives, which costs nothing from the throttle.
	test('sam, with only her password typed, sees the code page without violations in each locale', async () => {
		const { token, location } = await signInOverHttp('sam');
		expect(location).toBe('/sign-in/code');
		const page = await openPage(token);
		for (const locale of LOCALE_CODES) {
			await page.goto(`/sign-in/code?lang=${locale}`, { waitUntil: 'networkidle' });
			expect(await page.locator('html').getAttribute('lang')).toBe(locale);
			expect(await h1(page)).toBe(message(locale, 'auth:second_step.title'));
			await expectNoViolations(page, `/sign-in/code in ${locale}`);

			await page.locator('main button[type="submit"]').click();
			await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false);
			expect(await page.locator('#code-error').innerText()).toContain(message(locale, 'auth:second_step.errors.code_required'));
			expect((await page.title()).startsWith(errorTitlePrefix(locale)), 'the title starts with Error:').toBe(true);
			await expectNoViolations(page, `/sign-in/code with no code in ${locale}`);
		}
		// The language chosen on the way stays, and the right code opens the whole menu in it.
		await page.locator('#code').fill(demoTotpCode('sam') as string);
		await Promise.all([page.waitForURL('**/my-families'), page.locator('main button[type="submit"]').click()]);
		expect(await page.locator('html').getAttribute('lang')).toBe(LOCALE_CODES.at(-1));
		expect(await page.locator('header nav a[href="/account"]').count(), 'the whole menu is back').toBe(1);
	});
});

describe('a worker without codes', () => {
	// priya leads the Kowalski family. The administrator turns her codes off (a lost phone): her
	// sessions end, and at her next sign-in she must set up new codes before anything else opens.
	let setupToken = '';

	test('the administrator turning off her codes ends her sessions', async () => {
		const before = own.sessions.priya;
		expect(outcome(await http('/my-families', before))).toBe('200');
		const reset = await http('/admin/workers?/resetTwoFactor', own.sessions.admin, { workerId: own.demo.workers.priya });
		expect(reset.status).toBe(200);
		// Her name is in a <bdi> of its own inside the sentence.
		const said = (await reset.text()).replace(/<[^>]*>/g, '');
		expect(said).toContain(en('auth:staff_reset.done').replace('{{name}}', 'Priya Sharma'));
		expect(outcome(await http('/my-families', before))).toBe('303 /sign-in');
	});

	test('is sent to set them up, and the server refuses everything else: pages, their data and actions', async () => {
		const signedIn = await signInOverHttp('priya');
		expect(signedIn.location).toBe('/account/two-factor');
		setupToken = signedIn.token;
		const B = own.demo.familyB;
		const refused = {
			[`GET /family/${B}`]: outcome(await http(`/family/${B}`, setupToken)),
			[`GET /family/${B}/plan`]: outcome(await http(`/family/${B}/plan`, setupToken)),
			'GET /my-families': outcome(await http('/my-families', setupToken)),
			'GET /sign-in/code': outcome(await http('/sign-in/code', setupToken)),
			'GET /account': outcome(await http('/account', setupToken)),
			[`POST /family/${B}?/seenHandover`]: outcome(await http(`/family/${B}?/seenHandover`, setupToken, { handoverId: own.demo.handoverB })),
			[`POST /family/${B}/plan/goals/new`]: outcome(await http(`/family/${B}/plan/goals/new`, setupToken, { title: 'Sneaked in' })),
			'POST /account/password': outcome(await http('/account/password', setupToken, { currentPassword: DEMO_PASSWORD, newPassword: 'a sneaky new password' }))
		};
		expect(refused).toEqual({
			[`GET /family/${B}`]: '303 /account/two-factor',
			[`GET /family/${B}/plan`]: '303 /account/two-factor',
			'GET /my-families': '303 /account/two-factor',
			'GET /sign-in/code': '303 /account/two-factor',
			'GET /account': '303 /account/two-factor',
			[`POST /family/${B}?/seenHandover`]: '403',
			[`POST /family/${B}/plan/goals/new`]: '403',
			'POST /account/password': '403'
		});
		// The client router's data request gets a redirect too, never the family's data.
		const data = await http(`/family/${B}/__data.json?x-sveltekit-invalidated=11`, setupToken);
		expect(await data.json()).toEqual({ type: 'redirect', location: '/account/two-factor' });
		// Help, accessibility and signing out stay open.
		expect(outcome(await http('/help', setupToken))).toBe('200');
		expect(outcome(await http('/accessibility', setupToken))).toBe('200');
		expect(outcome(await http('/account/two-factor', setupToken))).toBe('200');
	});

	test('sets up codes in Chromium, sees ten spare codes once, then opens the family; a spare code works once', async () => {
		const page = await openPage(setupToken);
		await page.goto(`/family/${own.demo.familyB}`, { waitUntil: 'networkidle' });
		expect(new URL(page.url()).pathname).toBe('/account/two-factor');
		expect(await page.locator('main').innerText()).toContain(en('auth:two_factor.required_intro'));
		expect(await page.locator('svg.qr-code[role="img"]').count(), 'the QR code is drawn on the server').toBe(1);
		await expectNoViolations(page, '/account/two-factor (setting up)');

		const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
		const key = decodeTotpSecret(secret);
		expect(key, `${secret} is a 20-byte base32 secret`).not.toBeNull();

		// No code: the error, with the same secret still shown (the app already has it).
		await page.locator('form[action="?/enable"] button[type="submit"]').click();
		await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false);
		expect(await page.locator('#enableCode-error').innerText()).toContain(en('auth:second_step.errors.code_required'));
		expect((await page.locator('#totp-secret').innerText()).replace(/\s/g, '')).toBe(secret);
		await expectNoViolations(page, '/account/two-factor with no code');

		await page.locator('#enableCode').fill(totpCode(key as Uint8Array));
		await page.locator('form[action="?/enable"] button[type="submit"]').click();
		const codes = page.locator('ul.recovery-codes li');
		await codes.first().waitFor();
		expect(await codes.count()).toBe(10);
		const recovery = await codes.allInnerTexts();
		await expectNoViolations(page, '/account/two-factor (spare codes)');
		await Promise.all([page.waitForURL('**/my-families'), page.getByRole('link', { name: en('auth:two_factor.continue') }).click()]);
		expect(outcome(await http(`/family/${own.demo.familyB}`, setupToken))).toBe('200');
		// Shown once: the page no longer has them, nor the secret.
		await page.goto('/account/two-factor');
		expect(await page.locator('main').innerText()).not.toContain(recovery[0] as string);
		expect(await page.locator('#totp-secret').count()).toBe(0);

		// A new sign-in now asks for a code, and a spare code does instead, once.
		const next = await signInOverHttp('priya');
		expect(next.location).toBe('/sign-in/code');
		expect(outcome(await http(`/family/${own.demo.familyB}`, next.token))).toBe('303 /sign-in/code');
		expect(outcome(await http('/sign-in/code', next.token, { code: recovery[0] as string }))).toBe('303 /my-families');
		expect(outcome(await http(`/family/${own.demo.familyB}`, next.token))).toBe('200');

		const again = await signInOverHttp('priya');
		expect(outcome(await http('/sign-in/code', again.token, { code: recovery[0] as string })), 'a spare code works once').toBe('400');
		expect(outcome(await http(`/family/${own.demo.familyB}`, again.token))).toBe('303 /sign-in/code');
		expect(outcome(await http('/sign-in/code', again.token, { code: recovery[1] as string }))).toBe('303 /my-families');
	});
});

describe('a new password for a family member, through their worker', () => {
	test('priya makes dan a code; he sets a new password with it, and every old session of his ends', async () => {
		await own.renewSession('priya');
		const oldSession = own.sessions.dan;
		expect(outcome(await http(`/family/${own.demo.familyB}`, oldSession))).toBe('200');

		// priya, on the family's page, makes the code (shown once).
		const worker = await openPage(own.sessions.priya);
		await worker.goto(`/family/${own.demo.familyB}`, { waitUntil: 'networkidle' });
		const danRow = worker.locator('section[aria-labelledby="family-members"] li', { hasText: 'Dan' });
		await danRow.getByRole('button', { name: new RegExp(en('auth:reset_code.make')) }).click();
		const panel = worker.locator('.panel[role="status"]');
		await panel.waitFor();
		const code = (await panel.locator('.code').innerText()).trim();
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await panel.innerText()).toContain('dan');
		await expectNoViolations(worker, `/family/B with a password code`);

		// dan, signed out, without JavaScript: a wrong username first, then his own.
		const page = await openPage();
		await page.context().route('**/_app/**', (route) => route.abort());
		await page.goto('/sign-in');
		await Promise.all([page.waitForURL('**/reset-password'), page.getByRole('link', { name: en('auth:sign_in.reset_link') }).click()]);
		await page.locator('#username').fill('mia');
		await page.locator('#code').fill(code);
		await page.locator('#password').fill('dan chose a long new password');
		await Promise.all([page.waitForLoadState('load'), page.locator('main button[type="submit"]').click()]);
		expect(await page.locator('#code-error').innerText()).toContain(en('auth:password_reset.errors.invalid'));
		expect(await page.locator('#password').inputValue(), 'never the password').toBe('');
		expect(await page.locator('#username').inputValue()).toBe('mia');

		await page.locator('#username').fill('dan');
		await page.locator('#password').fill('dan chose a long new password');
		await Promise.all([page.waitForURL('**/sign-in?reset=1'), page.locator('main button[type="submit"]').click()]);
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:password_reset.done'));
		expect(outcome(await http(`/family/${own.demo.familyB}`, oldSession)), 'his old session ended').toBe('303 /sign-in');

		// The old password no longer works, the new one does (a family member with no codes: no second step).
		expect((await http('/sign-in', null, { username: 'dan', password: DEMO_PASSWORD })).status).toBe(400);
		const signedIn = await signInOverHttp('dan', 'dan chose a long new password');
		expect(signedIn.location).toBe(`/family/${own.demo.familyB}`);
		// The code worked once.
		expect(outcome(await http('/reset-password', null, { username: 'dan', code, password: 'yet another long password' }))).toBe('400');
	});

	test('amira changes her password: her other session ends, this one stays', async () => {
		const elsewhere = own.sessions.amira;
		await own.renewSession('amira');
		const here = own.sessions.amira;
		const page = await openPage(here);
		await page.goto('/account', { waitUntil: 'networkidle' });
		await Promise.all([page.waitForURL('**/account/password'), page.getByRole('link', { name: en('auth:account.password_link') }).click()]);
		await page.locator('#currentPassword').fill(DEMO_PASSWORD);
		await page.locator('#newPassword').fill('amira has a new long password');
		await Promise.all([page.waitForURL('**/account?done=password'), page.locator('main button[type="submit"]').click()]);
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:account.done_password'));
		expect(outcome(await http('/account', here))).toBe('200');
		expect(outcome(await http('/account', elsewhere))).toBe('303 /sign-in');
	});
});

describe('a family member who chooses codes', () => {
	test('mia turns codes on from her account, is asked for one at her next sign-in, and turns them off with one', async () => {
		const B = own.demo.familyB;
		const page = await openPage(own.sessions.mia);
		await page.goto('/account', { waitUntil: 'networkidle' });
		expect(await page.locator('main').innerText()).toContain(en('auth:account.two_factor_off'));
		await Promise.all([page.waitForURL('**/account/two-factor'), page.getByRole('link', { name: en('auth:account.two_factor_turn_on') }).click()]);
		expect(await page.locator('main').innerText()).toContain(en('auth:two_factor.optional_intro'));
		const key = decodeTotpSecret((await page.locator('#totp-secret').innerText()).replace(/\s/g, '')) as Uint8Array;
		await page.locator('#enableCode').fill(totpCode(key));
		await page.locator('form[action="?/enable"] button[type="submit"]').click();
		const codes = page.locator('ul.recovery-codes li');
		await codes.first().waitFor();
		const recovery = await codes.allInnerTexts();
		await Promise.all([page.waitForURL(`**/family/${B}`), page.getByRole('link', { name: en('auth:two_factor.continue') }).click()]);
		// This session typed the first code, so it carries on; a new sign-in is asked for a code.
		expect(outcome(await http(`/family/${B}`, own.sessions.mia))).toBe('200');
		const next = await signInOverHttp('mia');
		expect(next.location).toBe('/sign-in/code');
		expect(outcome(await http(`/family/${B}`, next.token))).toBe('303 /sign-in/code');
		expect(outcome(await http('/sign-in/code', next.token, { code: recovery[0] as string }))).toBe(`303 /family/${B}`);

		// Turning them off takes a current code (a spare one will do); then her password alone is enough again.
		await page.goto('/account/two-factor', { waitUntil: 'networkidle' });
		await page.locator('#disableCode').fill('000000');
		await page.locator('form[action="?/disable"] button[type="submit"]').click();
		await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false);
		expect(await page.locator('#disableCode-error').innerText()).toContain(en('auth:second_step.errors.code_invalid'));
		await expectNoViolations(page, '/account/two-factor, turning off with a wrong code');
		await page.locator('#disableCode').fill(recovery[1] as string);
		await Promise.all([page.waitForURL('**/account?done=two_factor_off'), page.locator('form[action="?/disable"] button[type="submit"]').click()]);
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:account.done_two_factor_off'));
		expect((await signInOverHttp('mia')).location).toBe(`/family/${B}`);
	});
});
