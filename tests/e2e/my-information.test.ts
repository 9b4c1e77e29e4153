import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { scanPage, formatViolations } from './support/axe';
import { browserForFile } from './support/browser';
import { startOwnServer, type OwnServer } from './support/own-server';

// "Download my information" in a real browser: a family member downloads both files from the page,
// the HTML file opens offline with no script and no accessibility violations, and the JSON parses.
// Then restriction, on a server of its own so the shared demo data is never put on hold.

const demo = inject('demo');
const A = demo.familyA;
const { context } = browserForFile();
const dir = mkdtempSync(join(tmpdir(), 'common-ground-my-information-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
	['leo', 'en-GB'],
	['amira', 'ur']
] as const)('downloading as %s (%s)', (person, locale) => {
	test('both files download from the page; the page opens offline with no script and 0 axe violations; the JSON parses', async () => {
		const page = await (await context(person, locale)).newPage();
		await page.goto(`/family/${A}/my-information`);
		expect(await scanPage(page), 'the download page').toEqual([]);

		const links = page.locator('a[download]');
		expect(await links.count()).toBe(2);
		const [htmlDownload] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), links.nth(0).click()]);
		expect(htmlDownload.suggestedFilename()).toMatch(/^common-ground-my-information-\d{4}-\d{2}-\d{2}\.html$/);
		const htmlPath = join(dir, `${person}.html`);
		await htmlDownload.saveAs(htmlPath);
		const [jsonDownload] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), links.nth(1).click()]);
		expect(jsonDownload.suggestedFilename()).toMatch(/^common-ground-my-information-\d{4}-\d{2}-\d{2}\.json$/);
		const jsonPath = join(dir, `${person}.json`);
		await jsonDownload.saveAs(jsonPath);

		const html = readFileSync(htmlPath, 'utf8');
		expect(html).not.toMatch(/<script/i);
		// Opened from the disk, as a family would open it, in a context that is offline.
		const offline = await context('anonymous', locale, { offline: true });
		const file = await offline.newPage();
		await file.goto(`file://${htmlPath}`, { timeout: 20_000 });
		expect(await file.locator('script').count()).toBe(0);
		expect(await file.getAttribute('html', 'lang')).toBe(locale);
		expect(await file.locator('h1').count()).toBe(1);
		expect(await file.locator('table').count()).toBe(await file.locator('table > caption').count());
		const violations = await scanPage(file);
		expect(violations, formatViolations(violations, `${person}.html`)).toEqual([]);

		const info = JSON.parse(readFileSync(jsonPath, 'utf8')) as { format: string; version: number; account: { username: string }; views: { body: string; yours: boolean; whoCanSee: string }[] };
		expect(info.format).toBe('common-ground/my-information');
		expect(info.version).toBe(1);
		expect(info.account.username).toBe(person);
		// Other files on the shared server write more of Leo's drafts: each kind of audience is there, and no other.
		if (person === 'leo') expect([...new Set(info.views.filter((v) => v.yours).map((v) => v.whoCanSee))].sort()).toEqual(['family', 'only_me', 'worker']);
		else expect(info.views.every((v) => v.whoCanSee === 'family')).toBe(true);
	});
});

test('the downloads are attachments that no cache keeps', async () => {
	const baseURL = inject('baseURL');
	const cookie = `cg_session=${inject('sessions').amira}`;
	for (const file of ['download.html', 'download.json']) {
		const response = await fetch(new URL(`/family/${A}/my-information/${file}`, baseURL), { headers: { cookie } });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="common-ground-my-information-\d{4}-\d{2}-\d{2}\.(html|json)"$/);
	}
});

describe('a family record under restriction (own server)', () => {
	let server: OwnServer;
	beforeAll(async () => {
		server = await startOwnServer('restriction');
	});
	afterAll(async () => {
		await server?.stop();
	});

	const send = (person: Parameters<OwnServer['cookieFor']>[0], path: string, form?: Record<string, string>) =>
		fetch(new URL(path, server.baseURL), {
			method: form ? 'POST' : 'GET',
			redirect: 'manual',
			headers: {
				accept: 'text/html',
				...server.cookieFor(person),
				...(form ? { origin: server.baseURL, 'content-type': 'application/x-www-form-urlencoded' } : {})
			},
			body: form ? new URLSearchParams(form) : undefined
		});

	test('blocks every change and staff reads, keeps the family reading and downloading, and lifts', async () => {
		const B = server.demo.familyB;
		const GB = server.demo.goalB;
		expect((await send('admin', `/admin/families/${B}?/restrict`, { reason: 'erasure_request' })).status).toBe(303);

		// Staff cannot open the record; the page says why in plain words.
		for (const person of ['priya', 'morgan'] as const) {
			const response = await send(person, `/family/${B}/plan`);
			expect(response.status, person).toBe(403);
			expect(await response.text()).toContain('on hold');
		}
		// The family reads their plan, sees the notice, and downloads their information.
		const plan = await send('dan', `/family/${B}/plan`);
		expect(plan.status).toBe(200);
		const planPage = await plan.text();
		expect(planPage).toContain('on hold');
		// Read only: no link to a form the policy would refuse.
		expect(planPage).not.toContain(`/family/${B}/plan/edit`);
		expect(planPage).not.toContain(`/family/${B}/plan/goals/new`);
		const goalPage = await (await send('dan', `/family/${B}/plan/goals/${GB}`)).text();
		expect(goalPage).toContain('on hold');
		expect(goalPage).not.toMatch(/action="\?\/(position|checkin|addAction|status|actionDone)"/);
		expect(await (await send('dan', `/family/${B}`)).text()).toContain('on hold');
		expect((await send('mia', `/family/${B}/my-information/download.json`)).status).toBe(200);
		// Nobody changes anything: the family, the lead worker, the admin's own family forms.
		expect((await send('dan', `/family/${B}/plan/goals/${GB}?/checkin`, { score: '3', comment: 'Still here' })).status).toBe(403);
		expect((await send('mia', `/family/${B}/views/new`, { prompt: 'home', feeling: 'good', body: 'Hello', audience: 'family' })).status).toBe(403);
		expect((await send('dan', `/family/${B}?/seenHandover`, { handoverId: server.demo.handoverB })).status).toBe(403);
		expect((await send('priya', `/family/${B}/plan/goals/${GB}?/checkin`, { score: '3', comment: 'x' })).status).toBe(403);
		expect((await send('admin', `/admin/families/${B}?/addMember`, { displayName: 'New', memberType: 'adult', dateOfBirth: '' })).status).toBe(403);
		expect((await send('admin', `/family/${B}/handover?/plan`, { toWorkerId: server.demo.workers.jo, handoverOn: '2030-01-01' })).status).toBe(403);
		// The admin still opens the family's page, and lifts the restriction.
		expect(await (await send('admin', `/admin/families/${B}`)).text()).toContain('on hold');
		expect((await send('admin', `/admin/families/${B}?/liftRestriction`, {})).status).toBe(303);
		expect((await send('priya', `/family/${B}/plan`)).status).toBe(200);
		expect((await send('dan', `/family/${B}/plan/goals/${GB}?/checkin`, { score: '3', comment: 'Back again' })).status).toBe(303);
	});
});
