import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { AUDIT_FS, DEBT, HANDOVER_A, PLAN_A, REQUEST_A_WORKER, VIEWS_A, FS, NURSING, profile, view, type CrawlRole } from './pages';

// Every form filled in wrongly, as its person would: the error states the axe crawl scans in every
// language, and the keyboard, target size and layout tests go through too. Nothing here is saved.

const demo = inject('demo');

/** A form filled in wrongly by `role` on `path`: submitting it must show the error summary. */
export interface WrongForm {
	role: CrawlRole;
	path: string;
	/** The form's selector; its submit button is pressed. */
	form: string;
	what: string;
	fill?: (page: Page) => Promise<void>;
}

/** Loads a page and waits until its scripts have loaded, so forms are enhanced before we submit. */
export async function openHydrated(page: Page, path: string): Promise<void> {
	await page.goto(path, { waitUntil: 'networkidle' });
}

/** Submits `form` as it stands and waits for the enhanced response's error summary to take focus. */
export async function submitForm(page: Page, formSelector: string): Promise<void> {
	await page.locator(`${formSelector} button[type="submit"]`).click();
	await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false, null, {
		timeout: 10_000
	});
}

/** Opens the form's page (hydrated), fills it in wrongly and submits it: the page is left in its error state. */
export async function submitWrongly(page: Page, { path, form, fill }: WrongForm, where: string): Promise<void> {
	await openHydrated(page, path);
	await fill?.(page);
	await submitForm(page, form).catch(async (error: unknown) => {
		const summary = await page.locator('.error-summary').count();
		throw new Error(`${where}: no error summary took focus after submitting (${summary} on the page, at ${page.url()})`, {
			cause: error
		});
	});
}

/** Signing in and redeeming an invite code, with nothing typed, and choosing a password too easy to guess. */
export const SIGN_IN_FORMS: readonly WrongForm[] = [
	{ role: 'anonymous', path: '/sign-in', form: 'main form', what: 'submitted empty' },
	{ role: 'anonymous', path: '/invite', form: 'main form', what: 'submitted empty' },
	// Refused before the code is looked up, so no code need exist and nothing is saved. The message
	// is the longest on the form: the reflow check sees it in every language.
	{
		role: 'anonymous',
		path: '/invite',
		form: 'main form',
		what: 'a password too easy to guess',
		fill: async (page) => {
			await page.locator('#code').fill('ABCD-EFGH-JKMN');
			await page.locator('#username').fill('new-person');
			await page.locator('#password').fill('Password1');
		}
	}
];

/**
 * A forgotten password, and "Your account": changing the password and setting up or looking after
 * sign-in codes, each sent empty or with a password too easy to guess. All are refused before
 * anything is looked up, so nothing is saved and no throttle counts them.
 */
export const ACCOUNT_FORMS: readonly WrongForm[] = [
	{ role: 'anonymous', path: '/reset-password', form: 'main form', what: 'submitted empty' },
	{
		role: 'anonymous',
		path: '/reset-password',
		form: 'main form',
		what: 'a password too easy to guess',
		fill: async (page) => {
			await page.locator('#username').fill('dan');
			await page.locator('#code').fill('ABCD-EFGH-JKMN');
			await page.locator('#password').fill('Password1');
		}
	},
	{ role: 'amira', path: '/account/password', form: 'main form', what: 'submitted empty' },
	{
		role: 'amira',
		path: '/account/password',
		form: 'main form',
		what: 'a new password too easy to guess',
		fill: async (page) => {
			await page.locator('#currentPassword').fill('not checked before the new one');
			await page.locator('#newPassword').fill('Password1');
		}
	},
	// How to be told about new things: a text message to a number that is not a UK mobile (an empty
	// form is not wrong: "no messages" is chosen until the person picks another way).
	{
		role: 'amira',
		path: '/account/notifications',
		form: 'main form',
		what: 'a text message to a number that is not a UK mobile',
		fill: async (page) => {
			await page.locator('#channel-sms').check();
			await page.locator('#phone').fill('0161 496 0000');
			await page.locator('#quietFrom').fill('21:00');
		}
	},
	// Setting up sign-in codes with no code typed (amira has none yet); a worker's new spare codes with none.
	{ role: 'amira', path: '/account/two-factor', form: 'form[action="?/enable"]', what: 'no code typed' },
	{ role: 'jo', path: '/account/two-factor', form: 'form[action="?/regenerate"]', what: 'no code typed' }
];

/** The administrator's create forms. */
export const ADMIN_FORMS: readonly WrongForm[] = [
	{ role: 'admin', path: '/admin/services', form: 'form[action="?/create"]', what: 'submitted empty' },
	{ role: 'admin', path: '/admin/workers', form: 'form[action="?/create"]', what: 'submitted empty' },
	{ role: 'admin', path: '/admin/families', form: 'form[action="?/create"]', what: 'submitted empty' },
	// Every family starts with its lead worker: a name alone is not enough.
	{
		role: 'admin',
		path: '/admin/families',
		form: 'form[action="?/create"]',
		what: 'a name but no lead worker',
		fill: (page) => page.locator('#name').fill('Axe family')
	},
	{ role: 'admin', path: `/admin/families/${demo.familyA}`, form: 'form[action="?/addMember"]', what: 'submitted empty' },
	{ role: 'admin', path: `/admin/families/${demo.familyA}`, form: 'form[action="?/assign"]', what: 'submitted empty' },
	// Putting a family's information on hold needs a reason; support cannot end on a day to come.
	{ role: 'admin', path: `/admin/families/${demo.familyA}`, form: 'form[action="?/restrict"]', what: 'no reason chosen' },
	{
		role: 'admin',
		path: `/admin/families/${demo.familyA}`,
		form: 'form[action="?/supportEnded"]',
		what: 'support ending on a day to come',
		fill: (page) => page.locator('#supportEndedOn').fill('2099-01-01')
	}
];

// The plan's forms as Amira and Jo fill them in wrongly; nothing here is saved.
export const PLAN_FORMS: readonly WrongForm[] = [
	{ role: 'amira', path: `${PLAN_A}/goals/new`, form: 'main form', what: 'empty goal' },
	{
		role: 'amira',
		path: `${PLAN_A}/goals/${demo.goalA}`,
		form: '#position-form',
		what: 'does not agree, no reason',
		fill: async (page) => {
			await page.locator('#position-disagree').check();
			await page.locator('#reason').fill('');
		}
	},
	{
		role: 'amira',
		path: `${PLAN_A}/goals/${demo.goalA}`,
		form: 'form[action="?/checkin"]',
		what: 'score 11',
		fill: (page) => page.locator('#score').fill('11')
	},
	{
		role: 'amira',
		path: `${PLAN_A}/goals/${demo.goalA}`,
		form: 'form[action="?/addAction"]',
		what: 'due 2027-02-30',
		fill: async (page) => {
			await page.locator('#description').fill('Ring the council');
			await page.locator('#owner').selectOption({ index: 1 });
			// As typed where there is no date picker (a date picker cannot send it).
			await page.locator('#dueDate').evaluate((input: HTMLInputElement) => {
				input.type = 'text';
			});
			await page.locator('#dueDate').fill('2027-02-30');
		}
	},
	{ role: 'amira', path: `${PLAN_A}/review`, form: 'form[action="?/agenda"]', what: 'empty agenda item' },
	{
		role: 'jo',
		path: `${PLAN_A}/review`,
		form: 'form[action="?/schedule"]',
		what: 'review without date or place',
		fill: async (page) => {
			await page.locator('#date').fill('');
			await page.locator('#place').fill('');
		}
	},
	{ role: 'jo', path: `${PLAN_A}/review`, form: 'form[action="?/decisions"]', what: 'nothing decided' }
];

// A worker's profile, a handover and its note, filled in wrongly; nothing here is saved.
const JO_PROFILE = profile('jo');
export const WORKER_FORMS: readonly WrongForm[] = [
	{ role: 'jo', path: JO_PROFILE, form: 'form[action="?/photo"]', what: 'no photo chosen' },
	{
		role: 'jo',
		path: JO_PROFILE,
		form: 'form[action="?/photo"]',
		what: 'a text file called photo.png',
		fill: (page) =>
			page.locator('#photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('Not a photo at all, just words.') })
	},
	{
		role: 'jo',
		path: JO_PROFILE,
		form: 'form[action="?/contact"]',
		what: 'a phone number of letters',
		fill: (page) => page.locator('#phone').fill('call me maybe')
	},
	{
		role: 'jo',
		path: JO_PROFILE,
		form: 'form[action="?/hours"]',
		what: 'Saturday ending before it starts',
		fill: async (page) => {
			await page.locator('#works-6').check();
			await page.locator('#starts-6').fill('10:00');
			await page.locator('#ends-6').fill('09:00');
		}
	},
	{ role: 'jo', path: JO_PROFILE, form: 'form[action="?/addAbsence"]', what: 'time away without dates' },
	{
		role: 'morgan',
		path: HANDOVER_A,
		form: 'form[action="?/plan"]',
		what: 'no new worker, no date',
		fill: (page) => page.locator('#handoverOn').fill('')
	},
	{
		role: 'priya',
		path: `/handovers/${demo.handoverB}`,
		form: 'main form',
		what: 'a note of 1,001 characters',
		// No space at the end, which the server would trim off (and then save the note).
		fill: (page) => page.locator('#note').fill(`${'Hello from Priya. '.repeat(60).slice(0, 1000)}!`)
	}
];

// Young people's views: Leo's forms, Jo's reply and morgan's reply time, filled in wrongly; nothing is saved.
export const VIEW_FORMS: readonly WrongForm[] = [
	{ role: 'leo', path: `${VIEWS_A}/new`, form: 'main form.view-form', what: 'nothing chosen, no words' },
	{
		role: 'leo',
		path: `${VIEWS_A}/new`,
		form: 'main form.view-form',
		what: 'words of 2,001 characters',
		fill: async (page) => {
			await page.locator('#prompt').check();
			await page.locator('#body').fill(`${'Axe says a lot here. '.repeat(100).slice(0, 2000)}!`);
		}
	},
	{
		role: 'leo',
		path: view(demo.familyA, demo.leoDraft),
		form: 'form[action="?/save"]',
		what: 'a draft with its words taken out',
		fill: (page) => page.locator('#body').fill('')
	},
	{ role: 'leo', path: view(demo.familyA, demo.leoFamily), form: 'form[action="?/answer"]', what: 'an empty answer' },
	{ role: 'leo', path: VIEWS_A, form: 'form[action="?/agenda"]', what: 'an empty agenda item' },
	{ role: 'jo', path: view(demo.familyA, demo.leoFamily), form: 'form[action="?/reply"]', what: 'an empty reply' },
	{
		role: 'morgan',
		path: `/service/${demo.familySupportService}`,
		form: 'form[action="?/replyDays"]',
		what: '21 working days to reply',
		fill: (page) => page.locator('#replyDays').fill('21')
	}
];

/** Takes any answer off a rating form (a family who rated already has theirs chosen), so nothing is saved. */
const noAnswer = (page: Page) =>
	page.locator('input[name="score"]').evaluateAll((inputs) => {
		for (const input of inputs as HTMLInputElement[]) input.checked = false;
	});
/** A directory file with one service whose name is a number: listed as a problem row by row. */
const wrongDirectory = JSON.stringify({ id: '5a9d8c7b-6e5f-4a3b-9c2d-1e0f9a8b7c6d', name: 404, status: 'active' });

// Rating a service, replying, "You said, we did", the reply time, the directory's search and
// its import, filled in wrongly; nothing here is saved.
export const RATING_FORMS: readonly WrongForm[] = [
	{ role: 'anonymous', path: '/services', form: 'form.directory-search', what: 'an age in words', fill: (page) => page.locator('#age').fill('twelve') },
	{ role: 'leo', path: `/services/${FS}/rate`, form: 'main form.rating-form', what: 'no answer chosen', fill: noAnswer },
	{
		role: 'amira',
		path: `/services/${NURSING}/rate`,
		form: 'main form.rating-form',
		what: 'no answer, and 1,001 characters of what could be better',
		fill: async (page) => {
			await noAnswer(page);
			await page.locator('#could_be_better').evaluate((el) => el.removeAttribute('maxlength'));
			await page.locator('#could_be_better').fill(`${'The drop-in is hard to find. '.repeat(40).slice(0, 1000)}!`);
		}
	},
	{ role: 'jo', path: `/services/${FS}/feedback`, form: 'ul.card-list > li:first-child form[action="?/reply"]', what: 'an empty reply' },
	{ role: 'morgan', path: `/services/${FS}/you-said-we-did`, form: 'form[action="?/add"]', what: 'nothing said, nothing done, no rating linked' },
	{
		role: 'morgan',
		path: `/service/${FS}`,
		form: 'form[action="?/ratingReplyDays"]',
		what: '21 working days to answer a rating',
		fill: (page) => page.locator('#ratingReplyDays').fill('21')
	},
	{
		role: 'morgan',
		path: AUDIT_FS,
		form: 'form[role="search"]',
		what: 'an audit search ending before it starts',
		fill: async (page) => {
			await page.locator('#from').fill('2026-11-20');
			await page.locator('#to').fill('2026-11-01');
		}
	},
	{ role: 'admin', path: '/admin/directory', form: 'form[action="?/import"]', what: 'no file chosen' },
	{
		role: 'admin',
		path: '/admin/directory',
		form: 'form[action="?/import"]',
		what: 'a file with a problem in a service',
		fill: (page) => page.locator('#file').setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from(wrongDirectory) })
	}
];

/** Asking a service for help: nothing typed, and too little said (nothing here is saved). */
export const REQUEST_FORMS: readonly WrongForm[] = [
	{ role: 'amira', path: `/services/${DEBT}/ask`, form: 'main form.view-form', what: 'nothing typed, no way to ask chosen' },
	{
		role: 'dan',
		path: `/services/${FS}/ask`,
		form: 'main form.view-form',
		what: 'too little said',
		fill: async (page) => {
			await page.locator('#help_wanted').fill('Help');
			await page.locator('#route').check();
		}
	},
	{
		role: 'jo',
		path: REQUEST_A_WORKER,
		form: 'form[action="?/pass_on"]',
		what: 'a note to the service of 501 characters',
		fill: async (page) => {
			await page.locator('#worker_note').evaluate((el) => el.removeAttribute('maxlength'));
			await page.locator('#worker_note').fill(`${'Amira finds the forms hard. '.repeat(20).slice(0, 500)}!`);
		}
	}
];

/** Every form above, grouped as the axe crawl tests them. */
export const WRONG_FORMS = {
	'sign-in and invite': SIGN_IN_FORMS,
	account: ACCOUNT_FORMS,
	admin: ADMIN_FORMS,
	plan: PLAN_FORMS,
	worker: WORKER_FORMS,
	views: VIEW_FORMS,
	ratings: RATING_FORMS,
	requests: REQUEST_FORMS
} as const;

export const ALL_WRONG_FORMS: readonly WrongForm[] = Object.values(WRONG_FORMS).flat();

/**
 * Fills in every form wrongly, one after another, each as its person on a page `open` gives them
 * (one page per person, reused), and runs `check` on each error state. `label` names the locale
 * or setting in failures. The pages' contexts are closed after.
 */
export async function checkEveryErrorState(
	open: (role: CrawlRole) => Promise<Page>,
	label: string,
	check: (page: Page, where: string) => Promise<void>,
	forms: readonly WrongForm[] = ALL_WRONG_FORMS
): Promise<void> {
	const pages = new Map<CrawlRole, Page>();
	try {
		for (const wrong of forms) {
			let page = pages.get(wrong.role);
			if (!page) {
				page = await open(wrong.role);
				pages.set(wrong.role, page);
			}
			const where = `${wrong.role} ${label} ${wrong.path} ${wrong.form}: ${wrong.what}`;
			await submitWrongly(page, wrong, where);
			await check(page, where);
		}
	} finally {
		await Promise.all([...pages.values()].map((page) => page.context().close()));
	}
}
