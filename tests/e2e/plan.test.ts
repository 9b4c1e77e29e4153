import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { formatDate } from '../../src/lib/i18n/format';
import type { Role } from './support/accounts';
import { launchBrowser, newContextFor } from './support/browser';
import { request } from './support/http';
import { escapeRegExp, fill, message, plural, templatePattern } from './support/i18n';
import { expectFieldError, pathOf, submit, text } from './support/pages';

// The family's plan, as the "done when" describes it. Amira uses a phone (360 × 740) with
// JavaScript off, so every form is a plain HTML post; Jo and Leo use an ordinary browser. The
// tests change the shared database only through goals they suggest themselves, never the demo
// goals other files read.

const demo = inject('demo');
const A = demo.familyA;
const PLAN = `/family/${A}/plan`;
const PHONE = { viewport: { width: 360, height: 740 }, javaScriptEnabled: false };

/** Names as the pages show them: in the plan by their name in the family; by their account's name in history and in Jo's list. */
const NAMES = { amira: 'Amira', leo: 'Leo', amiraAccount: 'Amira Hassan', leoAccount: 'Leo Hassan', jo: 'Jo Bennett' };

/** The English text for `ns:key`, filled in. */
const en = (key: string, values: Record<string, string | number> = {}) => fill(message('en-GB', key), values);

/** Today where the families are, as the server counts it (YYYY-MM-DD). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

let browser: Browser;
const contexts: BrowserContext[] = [];
/** A short tag that keeps this run's goal titles apart from everything else on the plan. */
const run = Date.now().toString(36);

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function open(role: Role, options: Parameters<typeof newContextFor>[3] = {}): Promise<Page> {
	const context = await newContextFor(browser, role, 'en-GB', options);
	contexts.push(context);
	return context.newPage();
}

async function closeContexts(): Promise<void> {
	await Promise.all(contexts.splice(0).map((c) => c.close()));
}

/** Suggests a goal over HTTP as `role` (as a browser without JavaScript would) and returns its id. */
async function suggestGoal(role: Role, title: string): Promise<string> {
	const response = await request(role, `${PLAN}/goals/new`, {
		form: { title, whyItMatters: 'So we can see how it goes.', howWeKnow: '', outcomeArea: 'staying_safe' }
	});
	const location = response.headers.get('location') ?? '';
	const id = new RegExp(`^${escapeRegExp(PLAN)}/goals/([^/?#]+)\\?saved=suggested$`).exec(location)?.[1];
	if (response.status !== 303 || !id) throw new Error(`e2e: suggesting "${title}" as ${role} gave ${response.status} ${location}`);
	return id;
}

/** The version a goal's edit form carries now, read as `role` would see it. */
async function goalVersion(role: Role, goalId: string): Promise<string> {
	const html = await (await request(role, `${PLAN}/goals/${goalId}/edit`)).text();
	const version = /<input type="hidden" name="version" value="(\d+)"/.exec(html)?.[1];
	if (!version) throw new Error(`e2e: no version on the edit page of goal ${goalId}`);
	return version;
}

/** How far the page reaches past the viewport's width, in CSS pixels (0 when it fits). */
async function overflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('Amira on a phone without JavaScript', () => {
	let page: Page;
	/** A goal Amira suggested (over HTTP) for the position, check-in and action forms. */
	let goalId: string;
	const goalTitle = `We eat together on Sundays (${run})`;

	beforeAll(async () => {
		goalId = await suggestGoal('amira', goalTitle);
		page = await open('amira', PHONE);
	});

	afterAll(closeContexts);

	test('reads the plan: the goals, Leo’s disagreement and Jo’s reply', async () => {
		await page.goto(`/family/${A}`);
		await Promise.all([page.waitForURL(`**${PLAN}`), page.getByRole('link', { name: en('family:plan.open') }).click()]);
		expect(await text(page.locator('h1'))).toBe(en('plan:page.title'));
		expect(await overflow(page), 'the plan fits the phone’s width').toBe(0);
		// The print button needs JavaScript, so it is not offered here (the browser's own Print is).
		expect(await page.getByRole('button', { name: en('plan:page.print') }).count()).toBe(0);

		const titles = await page.locator('.goal-list > li > h3').allTextContents();
		expect(titles.map((t) => t.trim())).toEqual(
			expect.arrayContaining([
				'Leo goes to school every day and feels OK there',
				'We have enough money for food and bills',
				'Our flat is warm and dry',
				'Leo plays football at the club on Saturdays',
				'Leo is home by 9pm on school nights',
				goalTitle
			])
		);

		const evenings = page.locator('.goal-list > li', { hasText: 'Leo is home by 9pm on school nights' });
		const leo = evenings.locator('.position', { has: page.locator('.position__who', { hasText: NAMES.leo }) });
		expect(await leo.count()).toBe(1);
		expect(await text(leo.locator('.position__what strong'))).toBe(en('plan:positions.disagree'));
		expect(await text(leo.locator('.position__reason'))).toContain('Football training finishes at 8.30');
		const reply = leo.locator('.position__reply');
		expect(await text(reply.locator('p').first())).toMatch(templatePattern(en('plan:positions.reply_from', { name: NAMES.jo })));
		expect(await text(reply)).toContain('Thanks Leo, that’s fair.');
		expect(await text(leo)).not.toContain(en('plan:positions.waiting_for_reply'));
	});

	test('says she does not agree: first without a reason, then with one', async () => {
		await page.goto(`${PLAN}/goals/${goalId}`);
		expect(await overflow(page), 'the goal page fits the phone’s width').toBe(0);
		const form = page.locator('#position-form');
		await form.locator('#position-disagree').check();
		expect(await submit(page, form)).toBe(400);

		await expectFieldError(page, 'reason', en('plan:errors.reason_required'), goalTitle);
		expect(await page.locator('#position-disagree').isChecked(), 'her choice is kept').toBe(true);
		expect(await page.locator('#position').isChecked()).toBe(false);

		const reason = `Sunday is the only day I can see my sister (${run}).`;
		await page.locator('#reason').fill(reason);
		expect(await submit(page, page.locator('#position-form'))).toBe(303);
		expect(new URL(page.url()).searchParams.get('saved')).toBe('position');
		expect(await page.title()).toBe(en('common:title.page', { title: goalTitle }));
		expect(await text(page.locator('[role="status"]'))).toBe(en('plan:saved.position'));
		const mine = page.locator('.position', { has: page.locator('.position__who', { hasText: NAMES.amira }) });
		expect(await text(mine.locator('.position__what strong'))).toBe(en('plan:positions.disagree'));
		expect(await text(mine.locator('.position__reason'))).toContain(reason);
		expect(await text(mine)).toContain(en('plan:positions.waiting_for_reply'));
		// And the form now starts from what she said.
		expect(await page.locator('#position-disagree').isChecked()).toBe(true);
		expect(await page.locator('#reason').inputValue()).toBe(reason);
	});

	test('says how it is going: 11 is refused, 7 is saved and shown in the table and the summary', async () => {
		await page.goto(`${PLAN}/goals/${goalId}`);
		const form = () => page.locator('form[action="?/checkin"]');
		await form().locator('#score').fill('11');
		expect(await submit(page, form())).toBe(400);
		await expectFieldError(page, 'score', en('plan:errors.score_range'), goalTitle);
		expect(await text(page.locator('#score-error'))).toContain('The score must be a whole number from 0 to 10');
		expect(await page.locator('#score').inputValue(), 'what she typed is kept').toBe('11');

		await page.locator('#score').fill('7');
		await page.locator('#comment').fill('We managed three Sundays out of four.');
		expect(await submit(page, form())).toBe(303);
		expect(new URL(page.url()).searchParams.get('saved')).toBe('checkin');
		expect(await text(page.locator('[role="status"]'))).toBe(en('plan:saved.checkin'));

		const date = formatDate('en-GB', today());
		const table = page.locator('.progress__table');
		expect((await table.locator('thead th').allTextContents()).map((t) => t.trim())).toEqual([
			en('plan:progress.date_column'),
			NAMES.amira
		]);
		const row = table.locator('tbody tr', { has: page.locator('th', { hasText: date }) });
		expect(await row.count()).toBe(1);
		expect((await row.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['7']);

		const summary = page.locator(`#progress-summary-${goalId}`);
		expect(await text(summary)).toContain(en('plan:progress.summary_single', { name: NAMES.amira, score: 7, date }));
		expect(await text(summary)).toContain('We managed three Sundays out of four.');
		// The chart is described by that summary.
		expect(await page.locator(`#chart-${goalId}-title`).count()).toBe(1);
		expect(await page.locator('svg[role="img"]').first().getAttribute('aria-describedby')).toBe(`progress-summary-${goalId}`);
	});

	test('suggests a goal: an empty title and a 201-character one are refused, her typing kept', async () => {
		await page.goto(PLAN);
		await Promise.all([page.waitForURL(`**${PLAN}/goals/new`), page.getByRole('link', { name: en('plan:goals.suggest_link') }).click()]);
		const heading = en('plan:goal.new_title');
		expect(await text(page.locator('h1'))).toBe(heading);

		const form = page.locator('main form');
		expect(await submit(page, form)).toBe(400);
		await expectFieldError(page, 'title', en('plan:errors.title.required'), heading);
		expect(await text(page.locator('#outcomeArea-error'))).toContain(en('plan:errors.outcome_area'));

		const base = `Noor’s asthma is looked after (${run}) `;
		// 201 characters with no space at either end (the server trims what it is sent).
		const long = `${base.padEnd(200, 'and everyone knows what to do when it gets bad ').slice(0, 200)}s`.replace(/ s$/, 'ss');
		expect(long).toHaveLength(201);
		expect(long.trim()).toBe(long);
		await page.locator('#title').fill(long);
		await page.locator('#whyItMatters').fill('Noor misses school when she is poorly.');
		await page.locator('#outcomeArea-staying_safe').check();
		expect(await submit(page, page.locator('main form'))).toBe(400);
		await expectFieldError(page, 'title', en('plan:errors.title.too_long'), heading);
		expect(await page.locator('#title').inputValue(), 'the long title is kept to shorten').toBe(long);
		expect(await page.locator('#whyItMatters').inputValue()).toBe('Noor misses school when she is poorly.');
		expect(await page.locator('#outcomeArea-staying_safe').isChecked()).toBe(true);
		expect(await page.locator('#outcomeArea-error').count(), 'no error for what was right').toBe(0);

		const short = base.trim();
		await page.locator('#title').fill(short);
		expect(await submit(page, page.locator('main form'))).toBe(303);
		expect(new URL(page.url()).pathname).toMatch(new RegExp(`^${escapeRegExp(PLAN)}/goals/[^/]+$`));
		expect(await text(page.locator('h1'))).toBe(short);
		expect(await text(page.locator('[role="status"]'))).toBe(en('plan:saved.suggested'));
	});

	test('adds something to do: 30 February is not a real date', async () => {
		await page.goto(`${PLAN}/goals/${goalId}`);
		const form = () => page.locator('form[action="?/addAction"]');
		await form().locator('#description').fill('Book the big table at the café');
		await form().locator('#owner').selectOption({ label: NAMES.amira });
		// Typed as text, as in a browser without a date picker (a date picker cannot send it).
		await form()
			.locator('#dueDate')
			.evaluate((input: HTMLInputElement) => {
				input.type = 'text';
			});
		await form().locator('#dueDate').fill('2027-02-30');
		expect(await submit(page, form())).toBe(400);
		await expectFieldError(page, 'dueDate', en('common:validation.date.invalid'), goalTitle);
		expect(await text(page.locator('#dueDate-error'))).toContain('Enter a real date');
		expect(await page.locator('#description').inputValue()).toBe('Book the big table at the café');
		expect(await page.locator('#owner option:checked').textContent()).toBe(NAMES.amira);
		expect(await page.locator('#description-error').count()).toBe(0);

		await page.locator('#dueDate').fill('2027-02-28');
		expect(await submit(page, form())).toBe(303);
		expect(await text(page.locator('[role="status"]'))).toBe(en('plan:saved.action'));
		const action = page.locator('.actions .action', { hasText: 'Book the big table at the café' });
		expect(await text(action.locator('.action__who'))).toBe(en('plan:actions.who', { name: NAMES.amira }));
		expect(await text(action.locator('.action__when'))).toContain(en('plan:actions.to_do', { due: formatDate('en-GB', '2027-02-28') }));
	});
});

describe('Jo answers a disagreement', () => {
	afterAll(closeContexts);

	test('Leo disagrees, Jo sees it under "Needs your attention", answers, and Leo sees the answer', async () => {
		const title = `Leo tidies his room on Saturdays (${run})`;
		const goalId = await suggestGoal('leo', title);
		const said = await request('leo', `${PLAN}/goals/${goalId}?/position`, {
			form: { position: 'disagree', reason: `Saturday is football, Sunday would work (${run}).` }
		});
		expect(said.status).toBe(303);

		const jo = await open('jo');
		await jo.goto('/my-families', { waitUntil: 'networkidle' });
		const attention = jo.locator('section[aria-labelledby="needs-attention"]');
		const item = attention.locator('li', { hasText: title });
		expect(await item.count(), 'the disagreement is waiting for Jo').toBe(1);
		const link = item.locator('a');
		expect(await text(link)).toBe(en('worker:attention.disagreement', { name: NAMES.leoAccount, family: 'Hassan' }));
		expect(await pathOf(link)).toBe(`${PLAN}/goals/${goalId}`);
		const waiting = Number(/\d+/.exec(await text(attention.locator('h2')))?.[0]);

		await Promise.all([jo.waitForURL(`**${PLAN}/goals/${goalId}`), link.click()]);
		await jo.waitForLoadState('networkidle');
		expect(await text(jo.locator('h1'))).toBe(title);
		const answer = `Let’s swap it to Sundays then (${run}).`;
		const box = jo.getByLabel(en('plan:positions.reply_label', { name: NAMES.leo }));
		await box.fill(answer);
		await Promise.all([
			jo.waitForURL((url) => url.searchParams.get('saved') === 'reply'),
			jo.locator('form[action="?/reply"]', { has: box }).locator('button[type="submit"]').click()
		]);
		expect(await text(jo.locator('[role="status"]'))).toBe(en('plan:saved.reply'));
		expect(await jo.getByLabel(en('plan:positions.reply_label', { name: NAMES.leo })).count(), 'nothing left to answer').toBe(0);

		await jo.goto('/my-families');
		expect(await jo.locator('section[aria-labelledby="needs-attention"] li', { hasText: title }).count()).toBe(0);
		expect(await text(jo.locator('section[aria-labelledby="needs-attention"] h2'))).toBe(
			plural('en-GB', 'worker:attention.heading', waiting - 1)
		);

		const leo = await open('leo');
		await leo.goto(`${PLAN}/goals/${goalId}`);
		const mine = leo.locator('.position', { has: leo.locator('.position__who', { hasText: NAMES.leo }) });
		expect(await text(mine.locator('.position__what strong'))).toBe(en('plan:positions.disagree'));
		expect(await text(mine.locator('.position__reply'))).toContain(
			en('plan:positions.reply_from', { name: NAMES.jo, date: formatDate('en-GB', today()) })
		);
		expect(await text(mine.locator('.position__reply'))).toContain(answer);
		expect(await text(mine)).not.toContain(en('plan:positions.waiting_for_reply'));
	});
});

describe('the history', () => {
	afterAll(closeContexts);

	test('shows who did what, and a changed goal’s words before and after', async () => {
		const before = `We walk to school together (${run})`;
		const after = `We walk to school together on weekdays (${run})`;
		const goalId = await suggestGoal('amira', before);
		const edited = await request('jo', `${PLAN}/goals/${goalId}/edit`, {
			form: {
				version: await goalVersion('jo', goalId),
				title: after,
				whyItMatters: 'So we can see how it goes.',
				howWeKnow: '',
				outcomeArea: 'staying_safe'
			}
		});
		expect(edited.status).toBe(303);

		const page = await open('amira', PHONE);
		await page.goto(`${PLAN}/goals/${goalId}`);
		await Promise.all([
			page.waitForURL((url) => url.pathname === `${PLAN}/history` && url.searchParams.get('goal') === goalId),
			page.getByRole('link', { name: en('plan:goal.history_link') }).click()
		]);
		expect(await text(page.locator('h1'))).toBe(en('plan:history.goal_title'));

		const entries = page.locator('.history__entry');
		const joChanged = en('plan:history.kind.goal_changed', { name: NAMES.jo, field: en('plan:history.field.title') });
		const amiraSuggested = en('plan:history.kind.goal_suggested', { name: NAMES.amiraAccount });
		const changed = entries.filter({ hasText: joChanged });
		expect(await changed.count()).toBe(1);
		expect((await changed.locator('dt').allTextContents()).map((t) => t.trim())).toEqual([en('plan:history.before'), en('plan:history.after')]);
		expect((await changed.locator('dd').allTextContents()).map((t) => t.trim())).toEqual([before, after]);
		const suggested = entries.filter({ hasText: amiraSuggested });
		expect(await suggested.count()).toBe(1);
		expect(await text(suggested)).toContain(before);
		// Newest first: the change comes before the suggestion.
		const order = (await entries.allTextContents()).map((t) => t.replace(/\s+/g, ' '));
		const changedAt = order.findIndex((t) => t.includes(joChanged));
		const suggestedAt = order.findIndex((t) => t.includes(amiraSuggested));
		expect(changedAt).toBeGreaterThanOrEqual(0);
		expect(changedAt).toBeLessThan(suggestedAt);

		// The whole plan's history names the goal each change was about.
		await page.goto(`${PLAN}/history`);
		expect(await text(page.locator('h1'))).toBe(en('plan:history.title'));
		const inPlan = page.locator('.history__entry', { hasText: en('plan:history.about_goal', { goal: after }) });
		expect(await inPlan.count()).toBeGreaterThanOrEqual(2);
	});
});

describe('two people change a goal at once', () => {
	afterAll(closeContexts);

	test('the later save is stopped with both versions shown and Amira’s typing kept; saving again wins', async () => {
		const original = `Leo gets a bike for school (${run})`;
		const goalId = await suggestGoal('amira', original);
		const editPath = `${PLAN}/goals/${goalId}/edit`;
		const amira = await open('amira', PHONE);
		const jo = await open('jo');
		await amira.goto(editPath);
		await jo.goto(editPath, { waitUntil: 'networkidle' });

		const joTitle = `Leo gets a second-hand bike for school (${run})`;
		await jo.locator('#title').fill(joTitle);
		await Promise.all([
			jo.waitForURL((url) => url.pathname === `${PLAN}/goals/${goalId}` && url.searchParams.get('saved') === 'goal'),
			jo.locator('main form button[type="submit"]').click()
		]);
		expect(await text(jo.locator('h1'))).toBe(joTitle);

		const amiraTitle = `Leo cycles to school safely (${run})`;
		const amiraHow = 'Leo has done a cycling course and rides in every day.';
		await amira.locator('#title').fill(amiraTitle);
		await amira.locator('#howWeKnow').fill(amiraHow);
		expect(await submit(amira, amira.locator('main form'))).toBe(409);

		const heading = en('plan:goal.edit_title');
		expect(await amira.title()).toBe(en('common:title.with_error', { title: heading }));
		const conflict = amira.locator('.conflict');
		expect(await text(conflict.locator('#conflict-heading'))).toBe(en('plan:conflict.heading'));
		expect(await text(conflict.locator('#conflict-heading'))).toBe('Someone else changed this while you were writing');
		expect(await text(conflict)).toContain(en('plan:conflict.theirs_heading', { name: NAMES.jo }));
		expect(await text(conflict)).toMatch(templatePattern(en('plan:conflict.text', { name: NAMES.jo })));
		// Theirs, as saved…
		const theirs = (await conflict.locator('dd').allTextContents()).map((t) => t.trim());
		expect(theirs[0]).toBe(joTitle);
		// …and hers, still in the form, ready to save on purpose.
		expect(await amira.locator('main h2', { hasText: en('plan:conflict.yours_heading') }).count()).toBe(1);
		expect(await amira.locator('#title').inputValue()).toBe(amiraTitle);
		expect(await amira.locator('#howWeKnow').inputValue()).toBe(amiraHow);
		expect(await amira.locator('#outcomeArea-staying_safe').isChecked()).toBe(true);
		const save = amira.locator('main form button[type="submit"]');
		expect(await text(save)).toBe(en('plan:conflict.save_mine'));
		const keepTheirs = conflict.getByRole('link', { name: en('plan:conflict.keep_theirs') });
		expect(await pathOf(keepTheirs)).toBe(`${PLAN}/goals/${goalId}`);

		expect(await submit(amira, amira.locator('main form'))).toBe(303);
		expect(new URL(amira.url()).searchParams.get('saved')).toBe('goal');
		expect(await text(amira.locator('h1'))).toBe(amiraTitle);
		expect(await text(amira.locator('[role="status"]'))).toBe(en('plan:saved.goal'));
		expect(await text(amira.locator('main'))).toContain(amiraHow);
	});
});

describe('a refused save with JavaScript on', () => {
	afterAll(closeContexts);

	test('moves focus to the conflict, so a screen reader hears that nothing was saved', async () => {
		const goalId = await suggestGoal('leo', `Leo walks the dog before school (${run})`);
		const editPath = `${PLAN}/goals/${goalId}/edit`;
		const leo = await open('leo');
		const jo = await open('jo');
		await leo.goto(editPath, { waitUntil: 'networkidle' });
		await jo.goto(editPath, { waitUntil: 'networkidle' });
		await jo.locator('#title').fill(`Leo walks Biscuit before school (${run})`);
		await Promise.all([jo.waitForURL((url) => url.searchParams.get('saved') === 'goal'), jo.locator('main form button[type="submit"]').click()]);

		const leoTitle = `Leo walks the dog every morning (${run})`;
		await leo.locator('#title').fill(leoTitle);
		await leo.locator('main form button[type="submit"]').click();
		await leo.locator('.conflict').waitFor();
		await expect.poll(() => leo.evaluate(() => document.activeElement?.classList.contains('conflict') ?? false)).toBe(true);
		expect(await leo.locator('#title').inputValue()).toBe(leoTitle);
	});
});

describe('printing the plan', () => {
	afterAll(closeContexts);

	test('leaves out the site’s navigation, footer and every form, and keeps every goal', async () => {
		const page = await open('jo');
		await page.goto(PLAN, { waitUntil: 'networkidle' });
		const printButton = page.getByRole('button', { name: en('plan:page.print') });
		const nav = page.locator('.site-header .site-nav');
		const footer = page.locator('footer');
		const forms = page.locator('form');
		const goals = page.locator('.goal-list > li > h3');

		// On screen all of these are there, so the checks below can tell the difference.
		expect(await printButton.isVisible(), 'the print button appears once JavaScript runs').toBe(true);
		expect(await nav.isVisible()).toBe(true);
		expect(await footer.isVisible()).toBe(true);
		expect(await forms.count()).toBeGreaterThan(0);
		expect(await forms.first().isVisible(), 'the sign-out form').toBe(true);

		await page.emulateMedia({ media: 'print' });
		expect(await nav.isVisible(), 'site navigation in print').toBe(false);
		expect(await footer.isVisible(), 'footer in print').toBe(false);
		expect(await printButton.isVisible(), 'print button in print').toBe(false);
		for (const form of await forms.all()) expect(await form.isVisible(), 'a form in print').toBe(false);
		const titles = await goals.all();
		expect(titles.length).toBeGreaterThanOrEqual(5);
		for (const title of titles) expect(await title.isVisible(), `goal "${await text(title)}" in print`).toBe(true);
		expect(await page.locator('h1').isVisible()).toBe(true);

		await page.emulateMedia({ media: 'screen' });
		expect(await nav.isVisible()).toBe(true);
	});
});
