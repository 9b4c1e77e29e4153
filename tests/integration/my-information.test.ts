import { isHttpError, isRedirect } from '@sveltejs/kit';
import { beforeAll, expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo/seed';
import { listAllFamilies } from '$lib/server/families/families.service';
import { getTranslator } from '$lib/i18n';
import { escapeHtml, renderMyInformationHtml } from '$lib/server/my-information/my-information-html';
import { loadOwnInformation } from '$lib/server/my-information/my-information-http';
import { MY_INFORMATION_FORMAT, type MyInformation } from '$lib/server/my-information/my-information.service';
import { requireFamilyAccess, requireOwnInformation } from '$lib/server/policy';
import { liftRestriction, restrictFamily } from '$lib/server/retention/retention.service';
import { findUserByUsername } from '$lib/server/users/users.repository';
import { toUser, type User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { localsFor, rejection } from './support/fixtures';

// "Download my information" per role on the demo data, and what a restriction does to access.

const NOW = new Date('2026-11-24T10:00:00.000Z');

describeEachDatabase('download my information', (database) => {
	let db: DB;
	let hassan: string;
	let kowalski: string;
	const people: Record<string, User> = {};

	beforeAll(async () => {
		db = database.db;
		await seedDemo(db, NOW);
		const families = await listAllFamilies(db);
		hassan = families.find((f) => f.name === 'Hassan')?.id ?? '';
		kowalski = families.find((f) => f.name === 'Kowalski')?.id ?? '';
		for (const username of ['amira', 'leo', 'dan', 'mia', 'jo', 'priya', 'morgan', 'admin']) {
			const row = await findUserByUsername(db, username);
			if (!row) throw new Error(`No ${username} in the demo data`);
			people[username] = toUser(row);
		}
	});

	const download = (username: string, familyId: string): Promise<MyInformation> =>
		loadOwnInformation(localsFor(db, people[username] ?? null), familyId, NOW);

	async function status(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
		const err = await rejection(promise);
		if (!isHttpError(err)) throw err;
		return { status: err.status, message: err.body.message };
	}

	it("gives Leo his account, his family, the plan and every one of his views with their replies", async () => {
		const info = await download('leo', hassan);
		expect(info.format).toBe(MY_INFORMATION_FORMAT);
		expect(info.version).toBe(1);
		expect(info.account).toMatchObject({ username: 'leo', role: 'young_person', memberType: 'young_person' });
		// His own way of being told there is something new, from the demo: text messages, quiet at night.
		expect(info.account.contactPreference).toEqual({ channel: 'sms', email: null, phone: '07700900461', quietFrom: '21:00', quietUntil: '08:00' });
		expect(info.family.name).toBe('Hassan');
		expect(info.family.members.map((m) => m.name)).toEqual(expect.arrayContaining(['Amira', 'Leo', 'Noor']));
		expect(info.plan.goals.length).toBeGreaterThanOrEqual(5);
		expect(info.plan.goals.flatMap((g) => g.actions).length).toBeGreaterThanOrEqual(21);
		expect(info.plan.goals.flatMap((g) => g.checkins).length).toBeGreaterThan(0);
		expect(info.plan.history.length).toBeGreaterThan(0);
		expect(info.workers.current.map((w) => w.name)).toContain('Jo Bennett');

		const leos = await db.selectFrom('young_view').select(['body', 'audience']).where('author_user_id', '=', people.leo?.id ?? '').execute();
		expect(leos.length).toBe(3);
		expect(info.views.filter((v) => v.yours).map((v) => v.body).sort()).toEqual(leos.map((v) => v.body).sort());
		// His view shared with Jo alone has Jo's answer and Leo's answer back.
		const withJo = info.views.find((v) => v.whoCanSee === 'worker');
		expect(withJo?.replies.length).toBeGreaterThanOrEqual(2);
	});

	it("never gives Amira Leo's unshared views, other people's ratings or who wrote an anonymous one", async () => {
		const info = await download('amira', hassan);
		const text = JSON.stringify(info);
		const views = await db.selectFrom('young_view').select(['body', 'audience']).where('family_id', '=', hassan).execute();
		const shared = views.filter((v) => v.audience === 'family');
		expect(shared.length).toBeGreaterThan(0);
		expect(info.views.map((v) => v.body).sort()).toEqual(shared.map((v) => v.body).sort());
		for (const view of views.filter((v) => v.audience !== 'family')) expect(text).not.toContain(view.body);

		const others = await db
			.selectFrom('service_rating')
			.innerJoin('app_user', 'app_user.id', 'service_rating.author_user_id')
			.select(['what_was_good', 'could_be_better', 'anonymous', 'app_user.display_name', 'app_user.username'])
			.where('author_user_id', '!=', people.amira?.id ?? '')
			.execute();
		expect(others.some((r) => Number(r.anonymous) === 1)).toBe(true);
		for (const rating of others) {
			for (const said of [rating.what_was_good, rating.could_be_better]) if (said) expect(text).not.toContain(said);
			if (Number(rating.anonymous) === 1) {
				expect(text).not.toContain(`"${rating.username}"`);
			}
		}
		expect(info.ratings).toEqual([]);

		// Nothing about signing in: no hash, no session, no set-up code.
		const account = await db.selectFrom('app_user').select('password_hash').where('id', '=', people.amira?.id ?? '').executeTakeFirstOrThrow();
		expect(account.password_hash).toBeTruthy();
		expect(text).not.toContain(account.password_hash as string);
		expect(text).not.toMatch(/password|secret|session|token/i);
	});

	it("gives Dan his own anonymous rating with its reply, and nothing of the Hassan family", async () => {
		const info = await download('dan', kowalski);
		const text = JSON.stringify(info);
		expect(info.family.name).toBe('Kowalski');
		expect(text).not.toContain('Hassan');
		const hassanGoals = await db
			.selectFrom('goal')
			.innerJoin('plan', 'plan.id', 'goal.plan_id')
			.select('goal.title')
			.where('plan.family_id', '=', hassan)
			.execute();
		for (const goal of hassanGoals) expect(text).not.toContain(goal.title);
		expect(info.ratings.length).toBeGreaterThan(0);
		expect(info.ratings.every((r) => r.anonymous)).toBe(true);
		expect(info.ratings.some((r) => r.replies.length > 0)).toBe(true);
	});

	it('lets only the family member download: staff 403, another family 404', async () => {
		expect((await status(download('dan', hassan))).status).toBe(404);
		expect((await status(download('jo', hassan))).status).toBe(403);
		expect((await status(download('morgan', hassan))).status).toBe(403);
		expect((await status(download('admin', hassan))).status).toBe(403);
		const signedOut = await rejection(requireOwnInformation(localsFor(db, null), hassan));
		expect(isRedirect(signedOut) && signedOut.location).toBe('/sign-in');
	});

	it('renders a readable page: language, headings, captioned tables, no script, typed text escaped', async () => {
		const info = await download('leo', hassan);
		const html = renderMyInformationHtml(info, { t: await getTranslator('en-GB'), locale: 'en-GB', dir: 'ltr' });
		expect(html.startsWith('<!doctype html>')).toBe(true);
		expect(html).toContain('<html lang="en-GB" dir="ltr">');
		expect(html.match(/<h1>/g)?.length).toBe(1);
		expect(html.match(/<table>/g)?.length).toBe(html.match(/<caption>/g)?.length);
		expect(html).not.toMatch(/<script|javascript:|https?:\/\//i);
		expect(html).toContain(escapeHtml(info.views[0]?.body ?? 'missing'));
		expect(escapeHtml('<b onclick="x">&\'')).toBe('&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;');
		const urdu = renderMyInformationHtml(info, { t: await getTranslator('ur'), locale: 'ur', dir: 'rtl' });
		expect(urdu).toContain('<html lang="ur" dir="rtl">');
	});

	it('under restriction: the family still reads and downloads, nobody changes anything, staff cannot open it', async () => {
		await restrictFamily(db, kowalski, 'erasure_request', NOW);
		const as = (username: string) => localsFor(db, people[username] ?? null);
		await expect(requireFamilyAccess(as('dan'), kowalski, 'read')).resolves.toMatchObject({ relation: 'member' });
		expect((await download('mia', kowalski)).family.restriction).toMatchObject({ reason: 'erasure_request' });
		expect(await status(requireFamilyAccess(as('dan'), kowalski, 'edit'))).toEqual({ status: 403, message: 'restricted' });
		expect(await status(requireFamilyAccess(as('mia'), kowalski, 'acknowledge'))).toEqual({ status: 403, message: 'restricted' });
		expect(await status(requireFamilyAccess(as('priya'), kowalski, 'read'))).toEqual({ status: 403, message: 'restricted' });
		expect(await status(requireFamilyAccess(as('priya'), kowalski, 'edit'))).toEqual({ status: 403, message: 'restricted' });
		expect(await status(requireFamilyAccess(as('morgan'), kowalski, 'read'))).toEqual({ status: 403, message: 'restricted' });
		// The admin still reads the family (to lift it); the Hassan family is untouched.
		await expect(requireFamilyAccess(as('admin'), kowalski, 'administer')).resolves.toMatchObject({ relation: 'admin' });
		await expect(requireFamilyAccess(as('jo'), hassan, 'edit')).resolves.toMatchObject({ relation: 'lead' });
		await expect(requireFamilyAccess(as('amira'), hassan, 'edit')).resolves.toMatchObject({ relation: 'member' });

		await liftRestriction(db, kowalski);
		await expect(requireFamilyAccess(as('priya'), kowalski, 'edit')).resolves.toMatchObject({ relation: 'lead' });
		await expect(requireFamilyAccess(as('dan'), kowalski, 'edit')).resolves.toMatchObject({ relation: 'member' });
		expect((await download('dan', kowalski)).family.restriction).toBeNull();
	});
});
