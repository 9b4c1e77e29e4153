import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { formatDate } from '../../src/lib/i18n/format';
import type { Actor } from './support/accounts';
import { browserForFile } from './support/browser';
import { request } from './support/http';
import { fill, message, plural, type Locale } from './support/i18n';
import { expectFieldError, submit, text } from './support/pages';
import { addDays, ukToday } from '../../src/lib/server/clock';

// The journeys no other file walks with JavaScript off (the browser's own, javaScriptEnabled:
// false), each end to end through the real forms, with the result read on the page the redirect
// lands on, and a mistake on the way: the typed words kept and the error, in the reader's language,
// next to the field. Elsewhere, without JavaScript already: signing in and out (no-javascript),
// Amira's disagreement, check-in, new goal and action (plan), Leo's view and Jo's reply (views),
// a rating and its reply (services), Jo's photo, hours, time away and a handover (worker).
//
// Here: a family the administrator makes (so nothing the other files read changes), Grace leads it;
// its parent redeems the set-up code, so the rest is done in the session that gives her. She changes
// the plan's summary, suggests and changes a goal, agrees with it, adds something to do and marks it
// done, says how it is going and adds to the review's agenda; Grace books the review, notes the item
// and records what was decided, which the parent then reads; and she signs out. Then Morgan changes
// how long his service takes to answer a rating, and the administrator exports the directory file
// and imports it back through the form.

const demo = inject('demo');
const FS = demo.familySupportService;
const NO_JS = { javaScriptEnabled: false };
/** Makes this run's names its own. */
const RUN = Date.now().toString(36);

const FAMILY_NAME = `Nojs${RUN}`;
const PARENT = { name: `Nadia ${RUN}`, username: `nadia-${RUN}`, password: 'a long set-up password 4 nojs' };

/** The English text for `ns:key`, filled in. */
const en = (key: string, values: Record<string, string | number> = {}) => fill(message('en-GB', key), values);
const say = (locale: Locale, key: string, values: Record<string, string | number> = {}) => fill(message(locale, key), values);

/** Today where the families are, as the server counts it, moved by `days` (YYYY-MM-DD). */
const ukDate = (days = 0): string => addDays(ukToday(), days);

/** A date as the pages write it in English. */
const formatDay = (ymd: string) => formatDate('en-GB', ymd);

const chromium = browserForFile();

/** A page without JavaScript, as `actor` in `locale`. */
async function open(actor: Actor, locale: Locale = 'en-GB'): Promise<Page> {
	const context = await chromium.context(actor, locale, NO_JS);
	return context.newPage();
}

/** The page was never hydrated: SvelteKit's route announcer only exists once its script has run. */
async function expectNoScripts(page: Page): Promise<void> {
	expect(await page.locator('#svelte-announcer').count(), `${page.url()}: no script ran`).toBe(0);
}

/** Where the page is now: path and query. */
const where = (page: Page) => {
	const url = new URL(page.url());
	return `${url.pathname}${url.search}`;
};

/** The one notice a redirect after saving shows. */
const notice = (page: Page) => text(page.locator('main [role="status"]'));

describe('a new family, from the administrator’s form to the review, without JavaScript', () => {
	let admin: Page;
	/** The parent, signed in by redeeming her set-up code: no sign-in, so nothing from the suite's sign-in budget. */
	let parent: Page;
	let grace: Page;
	let familyId = '';
	let code = '';
	let goalId = '';

	beforeAll(async () => {
		admin = await open('admin', 'cy');
		grace = await open('grace');
	});

	test('the administrator makes the family: without a lead worker it is refused in Welsh, the name kept', async () => {
		await admin.goto('/admin/families');
		await expectNoScripts(admin);
		const form = admin.locator('form[action="?/create"]');
		await form.locator('#name').fill(FAMILY_NAME);
		expect(await submit(admin, form)).toBe(400);
		await expectFieldError(admin, 'leadWorkerId', say('cy', 'admin:families.errors.lead_worker'), say('cy', 'admin:families.title'), 'cy');
		expect(await admin.locator('#name').inputValue(), 'the name typed is kept').toBe(FAMILY_NAME);

		await admin.locator('#leadWorkerId').selectOption(demo.workers.grace);
		expect(await submit(admin, admin.locator('form[action="?/create"]'))).toBe(303);
		familyId = /^\/admin\/families\/([a-z0-9]{32})$/.exec(where(admin))?.[1] ?? '';
		expect(familyId, `landed on the new family's page (${where(admin)})`).not.toBe('');
		expect(await text(admin.locator('h1'))).toBe(say('cy', 'worker:family_name', { name: FAMILY_NAME }));
	});

	test('adds the parent (a young person needs a date of birth) and makes her a set-up code', async () => {
		const form = () => admin.locator('form[action="?/addMember"]');
		await form().locator('#displayName').fill(PARENT.name);
		await form().locator('#memberType').selectOption('young_person');
		const heading = say('cy', 'worker:family_name', { name: FAMILY_NAME });
		expect(await submit(admin, form())).toBe(400);
		await expectFieldError(admin, 'dateOfBirth', say('cy', 'admin:members.errors.date_of_birth_required'), heading, 'cy');
		expect(await admin.locator('#displayName').inputValue()).toBe(PARENT.name);
		expect(await admin.locator('#memberType').inputValue(), 'the choice is kept').toBe('young_person');

		await admin.locator('#memberType').selectOption('adult');
		expect(await submit(admin, form())).toBe(303);
		expect(await notice(admin)).toBe(say('cy', 'admin:members.added'));
		const row = admin.locator('tbody tr', { hasText: PARENT.name });
		expect(await row.count()).toBe(1);

		// "Make a set-up code": the page that answers the POST shows it.
		expect(await submit(admin, row.locator('form[action="?/invite"]'))).toBe(200);
		expect(await text(admin.locator('[role="status"] h2'))).toBe(say('cy', 'admin:invite.heading', { name: PARENT.name }));
		code = await text(admin.locator('[role="status"] .code'));
		expect(code).toMatch(/\w/);
	});

	test('she redeems it: a wrong code is refused in Urdu with her username kept; the right one signs her in', async () => {
		parent = await open('anonymous', 'ur');
		await parent.goto('/invite');
		await expectNoScripts(parent);
		const form = () => parent.locator('main form');
		await parent.locator('#code').fill('ABCD-EFGH-JKLM');
		await parent.locator('#username').fill(PARENT.username);
		await parent.locator('#password').fill(PARENT.password);
		expect(await submit(parent, form())).toBe(400);
		await expectFieldError(parent, 'code', say('ur', 'auth:invite.errors.code_invalid'), say('ur', 'auth:invite.title'), 'ur');
		expect(await parent.locator('#code').inputValue(), 'the code typed is kept to correct').toBe('ABCD-EFGH-JKLM');
		expect(await parent.locator('#username').inputValue()).toBe(PARENT.username);
		expect(await parent.locator('#password').inputValue(), 'never the password').toBe('');
		expect(await parent.content()).not.toContain(PARENT.password);

		await parent.locator('#code').fill(code);
		await parent.locator('#password').fill(PARENT.password);
		expect(await submit(parent, form())).toBe(303);
		expect(where(parent)).toBe(`/family/${familyId}`);
		expect(await text(parent.locator('h1'))).toBe(say('ur', 'family:home.title'));
		// From here on in English, through the language links in the footer (a plain link).
		await parent.locator(`footer a[href$="lang=en-GB"]`).click();
		await parent.waitForLoadState('load');
		expect(await text(parent.locator('h1'))).toBe(en('family:home.title'));
	});

	test('she writes where things are in the plan: 2,001 characters are refused, every one kept; then it is saved', async () => {
		await parent.goto(`/family/${familyId}/plan/edit`);
		const heading = en('plan:summary.edit_title');
		const long = `${'We are settling into the new flat. '.repeat(60).slice(0, 2000)}!`;
		await parent.locator('#goingWell').fill(long);
		await parent.locator('#worriedAbout').fill(`The damp in the bedroom (${RUN}).`);
		expect(await submit(parent, parent.locator('main form'))).toBe(400);
		await expectFieldError(parent, 'goingWell', en('plan:errors.text_too_long'), heading);
		expect(await parent.locator('#goingWell').inputValue()).toBe(long);
		expect(await parent.locator('#worriedAbout').inputValue()).toBe(`The damp in the bedroom (${RUN}).`);

		await parent.locator('#goingWell').fill(`We are settling into the new flat (${RUN}).`);
		expect(await submit(parent, parent.locator('main form'))).toBe(303);
		expect(new URL(parent.url()).pathname).toBe(`/family/${familyId}/plan`);
		const plan = await text(parent.locator('main'));
		expect(plan).toContain(`We are settling into the new flat (${RUN}).`);
		expect(plan).toContain(`The damp in the bedroom (${RUN}).`);
	});

	test('she suggests a goal and changes it: an empty title is refused with her other words kept', async () => {
		await parent.goto(`/family/${familyId}/plan/goals/new`);
		await parent.locator('#title').fill(`The flat is warm (${RUN})`);
		await parent.locator('#whyItMatters').fill('The children keep getting colds.');
		await parent.locator('#outcomeArea-staying_safe').check();
		expect(await submit(parent, parent.locator('main form'))).toBe(303);
		goalId = new RegExp(`^/family/${familyId}/plan/goals/([a-z0-9]{32})$`).exec(new URL(parent.url()).pathname)?.[1] ?? '';
		expect(goalId).not.toBe('');
		expect(await notice(parent)).toBe(en('plan:saved.suggested'));

		await parent.locator('main').getByRole('link', { name: en('plan:goal.edit_link') }).click();
		await parent.waitForLoadState('load');
		expect(new URL(parent.url()).pathname).toBe(`/family/${familyId}/plan/goals/${goalId}/edit`);
		await parent.locator('#title').fill('');
		await parent.locator('#howWeKnow').fill('No mould on the walls by the winter.');
		expect(await submit(parent, parent.locator('main form'))).toBe(400);
		await expectFieldError(parent, 'title', en('plan:errors.title.required'), en('plan:goal.edit_title'));
		expect(await parent.locator('#howWeKnow').inputValue()).toBe('No mould on the walls by the winter.');
		expect(await parent.locator('#whyItMatters').inputValue()).toBe('The children keep getting colds.');

		await parent.locator('#title').fill(`The flat is warm and dry (${RUN})`);
		expect(await submit(parent, parent.locator('main form'))).toBe(303);
		expect(new URL(parent.url()).pathname).toBe(`/family/${familyId}/plan/goals/${goalId}`);
		expect(await notice(parent)).toBe(en('plan:saved.goal'));
		expect(await text(parent.locator('h1'))).toBe(`The flat is warm and dry (${RUN})`);
		expect(await text(parent.locator('main'))).toContain('No mould on the walls by the winter.');
	});

	test('she agrees with the goal', async () => {
		const form = parent.locator('#position-form');
		await form.locator('#position').check();
		expect(await form.locator('#position').inputValue()).toBe('agree');
		expect(await submit(parent, form)).toBe(303);
		expect(await notice(parent)).toBe(en('plan:saved.position'));
		const mine = parent.locator('.position', { has: parent.locator('.position__who', { hasText: PARENT.name }) });
		expect(await text(mine.locator('.position__what strong'))).toBe(en('plan:positions.agree'));
	});

	test('she adds something to do and marks it done: a date to come is refused, the date kept; today is saved', async () => {
		const add = () => parent.locator('form[action="?/addAction"]');
		const what = `Ring the landlord about the damp (${RUN})`;
		await add().locator('#description').fill(what);
		await add().locator('#owner').selectOption({ label: PARENT.name });
		await add().locator('#dueDate').fill(ukDate(7));
		expect(await submit(parent, add())).toBe(303);
		expect(await notice(parent)).toBe(en('plan:saved.action'));

		const action = () => parent.locator('.actions .action', { hasText: what });
		const done = () => action().locator('form[action="?/actionDone"]');
		const field = (await done().locator('input[name="doneOn"]').getAttribute('id')) ?? '';
		expect(field).toMatch(/^doneOn-[a-z0-9]{32}$/);
		await parent.locator(`#${field}`).fill(ukDate(3));
		expect(await submit(parent, done())).toBe(400);
		await expectFieldError(parent, field, en('common:validation.date.future'), `The flat is warm and dry (${RUN})`);
		expect(await parent.locator(`#${field}`).inputValue(), 'the date typed is kept').toBe(ukDate(3));

		await parent.locator(`#${field}`).fill(ukDate());
		expect(await submit(parent, done())).toBe(303);
		expect(await notice(parent)).toBe(en('plan:saved.action'));
		expect(await text(action().locator('.action__when'))).toContain(en('plan:actions.done_on_time', { date: formatDay(ukDate()) }));
		expect(await action().locator('form[action="?/actionNotDone"]').count(), 'and it can be undone').toBe(1);
	});

	test('she says how it is going', async () => {
		const form = parent.locator('form[action="?/checkin"]');
		await form.locator('#score').fill('4');
		await form.locator('#comment').fill('Still damp, but the heating works now.');
		expect(await submit(parent, form)).toBe(303);
		expect(await notice(parent)).toBe(en('plan:saved.checkin'));
		expect(await text(parent.locator(`#progress-summary-${goalId}`))).toContain(
			en('plan:progress.summary_single', { name: PARENT.name, score: 4, date: formatDay(ukDate()) })
		);
	});

	test('Grace books the review: without a place it is refused, the date kept; then it is booked', async () => {
		const review = `/family/${familyId}/plan/review`;
		await grace.goto(review);
		await expectNoScripts(grace);
		const form = () => grace.locator('form[action="?/schedule"]');
		await form().locator('#date').fill(ukDate(21));
		expect(await submit(grace, form())).toBe(400);
		await expectFieldError(grace, 'place', en('plan:errors.place.required'), en('plan:review.title'));
		expect(await grace.locator('#date').inputValue()).toBe(ukDate(21));

		await grace.locator('#place').fill(`The family centre, room ${RUN}`);
		expect(await submit(grace, form())).toBe(303);
		expect(await notice(grace)).toBe(en('plan:saved.review_scheduled'));
		expect(await text(grace.locator('main'))).toContain(en('plan:review.next', { date: formatDay(ukDate(21)), place: `The family centre, room ${RUN}` }));
	});

	test('she adds what she wants to talk about; Grace notes it and records what was decided; she reads it', async () => {
		const review = `/family/${familyId}/plan/review`;
		const item = `Can we talk about moving the children's beds? (${RUN})`;
		await parent.goto(review);
		await parent.locator('#item').fill(item);
		expect(await submit(parent, parent.locator('form[action="?/agenda"]'))).toBe(303);
		expect(await notice(parent)).toBe(en('plan:saved.review_agenda'));
		expect(await text(parent.locator('main .card-list'))).toContain(item);

		await grace.goto(review);
		const card = grace.locator('.card-list .card', { hasText: item });
		expect(await submit(grace, card.locator('form[action="?/noted"]'))).toBe(303);
		expect(await notice(grace)).toBe(en('plan:saved.review_noted'));
		expect(await text(grace.locator('.card-list .card', { hasText: item }))).toContain(en('plan:review.noted'));

		const decided = `The landlord fixes the damp by next month. Nadia rings him on Monday. (${RUN})`;
		await grace.locator('#decisions').fill(decided);
		expect(await submit(grace, grace.locator('form[action="?/decisions"]'))).toBe(303);
		expect(await notice(grace)).toBe(en('plan:saved.review_held'));

		await parent.goto(review);
		const past = parent.locator('main section.card', { hasText: decided });
		expect(await past.count(), 'the decisions are under past reviews').toBe(1);
		expect(await text(past.locator('h3'))).toBe(en('plan:review.past_item', { date: formatDay(ukDate(21)), place: `The family centre, room ${RUN}` }));
	});

	test('she signs out: the session has ended', async () => {
		await parent.goto(`/family/${familyId}`);
		const signOut = parent.locator('header form[action="/sign-out"] button');
		await Promise.all([parent.waitForURL((url) => url.pathname === '/' && url.searchParams.has('signed_out')), signOut.click()]);
		expect(await notice(parent)).toContain(en('common:landing.signed_out'));
		await parent.goto(`/family/${familyId}`);
		expect(new URL(parent.url()).pathname).toBe('/sign-in');
	});
});

describe('Morgan changes how long his service takes to answer a rating, without JavaScript', () => {
	const servicePath = `/service/${FS}`;
	let original = '';

	afterAll(async () => {
		if (original) expect((await request('morgan', `${servicePath}?/ratingReplyDays`, { form: { ratingReplyDays: original } })).status).toBe(303);
	});

	test('21 working days is refused in Welsh next to the field, his 21 kept; 7 is saved and shown', async () => {
		const morgan = await open('morgan', 'cy');
		await morgan.goto(servicePath);
		await expectNoScripts(morgan);
		const heading = await text(morgan.locator('h1'));
		const form = () => morgan.locator('form[action="?/ratingReplyDays"]');
		original = await form().locator('#ratingReplyDays').inputValue();
		expect(original).toMatch(/^\d+$/);

		await form().locator('#ratingReplyDays').fill('21');
		expect(await submit(morgan, form())).toBe(400);
		await expectFieldError(morgan, 'ratingReplyDays', say('cy', 'worker:service.reply_days_error'), heading, 'cy');
		expect(await morgan.locator('#ratingReplyDays').inputValue()).toBe('21');

		await morgan.locator('#ratingReplyDays').fill('7');
		expect(await submit(morgan, form())).toBe(303);
		expect(where(morgan)).toBe(`${servicePath}?saved=ratingReplyDays`);
		const saved = morgan.locator('section[aria-labelledby="family-feedback"] [role="status"]');
		expect(await saved.isVisible()).toBe(true);
		expect(await text(saved)).toContain('7');
		expect(await morgan.locator('#ratingReplyDays').inputValue()).toBe('7');
	});
});

describe('the administrator’s directory file, without JavaScript', () => {
	const DIRECTORY = '/admin/directory';

	test('the export link downloads the file; importing it back through the form changes nothing and says so', async () => {
		const admin = await open('admin');
		await admin.goto(DIRECTORY);
		await expectNoScripts(admin);
		const [download] = await Promise.all([admin.waitForEvent('download'), admin.locator('a[href$="/admin/directory/export"]').click()]);
		expect(download.suggestedFilename()).toMatch(/^common-ground-directory-\d{4}-\d{2}-\d{2}\.json$/);
		const file = readFileSync(await download.path(), 'utf8');
		const services = (JSON.parse(file) as { contents: unknown[] }).contents.length;
		expect(services).toBeGreaterThanOrEqual(9);

		await admin.locator('#file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(file) });
		expect(await submit(admin, admin.locator('form[action="?/import"]'))).toBe(303);
		expect(where(admin)).toBe(`${DIRECTORY}?created=0&updated=${services}`);
		const status = admin.locator('main [role="status"]');
		expect(await text(status.locator('h2'))).toBe(en('admin:directory.imported_heading'));
		expect(await text(status)).toContain(plural('en-GB', 'admin:directory.imported_created', 0));
		expect(await text(status)).toContain(plural('en-GB', 'admin:directory.imported_updated', services));
		expect(await (await request('admin', `${DIRECTORY}/export`)).text(), 'the directory is as it was').toBe(file);
	});

	test('a file that is not JSON is refused in Urdu, next to the file field', async () => {
		const admin = await open('admin', 'ur');
		await admin.goto(DIRECTORY);
		await admin.locator('#file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('Not a directory, just notes.') });
		expect(await submit(admin, admin.locator('form[action="?/import"]'))).toBe(400);
		await expectFieldError(admin, 'file', say('ur', 'admin:directory.errors.not_json'), say('ur', 'admin:directory.title'), 'ur');
	});
});
