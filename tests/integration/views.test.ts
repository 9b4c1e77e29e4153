import { describe, expect, it } from 'vitest';
import { listNeedsAttention, type FamilyAttentionItem } from '$lib/server/attention/attention.service';
import { addWorkingDays } from '$lib/server/clock';
import type { YoungViewRow } from '$lib/server/db/schema';
import { planHandover } from '$lib/server/handovers/handovers.service';
import { newId, toTimestamp } from '$lib/server/ids';
import {
	familyRelation,
	requireOwnView,
	requireViewAccess,
	requireViewAuthoring,
	requireViewReply,
	viewAudiencesFor
} from '$lib/server/policy';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { setReplyDays } from '$lib/server/services/services.service';
import type { User } from '$lib/server/users/users.service';
import { findView } from '$lib/server/views/views.repository';
import {
	ViewRuleError,
	acknowledgeView,
	answerView,
	changeAudience,
	createView,
	currentVersion,
	discardDraft,
	getViewThread,
	glanceAtViews,
	leadWorkerName,
	listViews,
	markSeenByAuthor,
	replyToView,
	saveDraft,
	serviceReplyFigures
} from '$lib/server/views/views.service';
import type { Worker } from '$lib/server/workers/workers.service';
import type { ViewInput } from '$lib/validation/views';
import { DEFAULT_VIEW_REPLY_DAYS, VIEW_REPLY_DAYS_RANGE, type ViewAudience } from '$lib/views/views';
import { describeEachDatabase } from './support/databases';
import { addFamily, addService, addUser, rejection, uniqueName } from './support/fixtures';
import { addFamilyUser, addNamedWorker, asUser, assignAt, localsFor } from './support/worker-fixtures';

// A young person's views: who sees each one (the young person alone decides), who may change it
// (the author alone), the lead worker's acknowledgement and replies within the service's reply
// time in working days, the worker's "needs attention" list, and the manager's counts.

/** A moment on a UK date (mid-morning; in winter UK time is UTC). */
const on = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`);

/** Friday 20 November 2026: five working days on is Friday 27 November. */
const FRIDAY = on('2026-11-20');
const NOW = on('2026-11-23');

interface World {
	familyId: string;
	serviceId: string;
	teamServiceId: string;
	amira: User;
	leo: User;
	noor: User;
	jo: Worker;
	sam: Worker;
	priya: Worker;
	morgan: Worker;
	admin: User;
	other: { familyId: string; dan: User; mia: User; lee: Worker };
}

describeEachDatabase('young people’s views', (database) => {
	const db = () => database.db;

	/**
	 * The Hassans: Amira (parent), Leo and Noor (young people), Jo leading (service A, managed by
	 * Morgan), Sam in the team (service B), Priya a colleague of Jo's with no part in the family.
	 * The Kowalskis next door: Dan, Mia, led by Lee (service C). And the admin.
	 */
	async function setup(): Promise<World> {
		const serviceId = (await addService(db())).id;
		const teamServiceId = (await addService(db())).id;
		const otherServiceId = (await addService(db())).id;
		const familyId = (await addFamily(db(), uniqueName('Hassan'))).id;
		const otherFamilyId = (await addFamily(db(), uniqueName('Kowalski'))).id;
		const jo = await addNamedWorker(db(), serviceId, 'Jo Bennett');
		const priya = await addNamedWorker(db(), serviceId, 'Priya Sharma');
		const morgan = await addNamedWorker(db(), serviceId, 'Morgan Ellis', { role: 'manager' });
		const sam = await addNamedWorker(db(), teamServiceId, 'Sam Taylor');
		const lee = await addNamedWorker(db(), otherServiceId, 'Lee Brown');
		await assignAt(db(), familyId, jo.id, 'lead');
		await assignAt(db(), familyId, sam.id, 'team');
		await assignAt(db(), otherFamilyId, lee.id, 'lead');
		return {
			familyId,
			serviceId,
			teamServiceId,
			amira: await addFamilyUser(db(), familyId, 'Amira'),
			leo: await addFamilyUser(db(), familyId, 'Leo', 'young_person'),
			noor: await addFamilyUser(db(), familyId, 'Noor', 'young_person'),
			jo,
			sam,
			priya,
			morgan,
			admin: await addUser(db(), { role: 'admin', password: false }),
			other: {
				familyId: otherFamilyId,
				dan: await addFamilyUser(db(), otherFamilyId, 'Dan'),
				mia: await addFamilyUser(db(), otherFamilyId, 'Mia', 'young_person'),
				lee
			}
		};
	}

	function input(audience: ViewAudience, body = `${audience} view ${newId().slice(0, 6)}`, extra: Partial<ViewInput> = {}): ViewInput {
		return { prompt: 'home', feeling: 'okay', body, audience, ...extra };
	}

	async function write(familyId: string, author: User, audience: ViewAudience, at = FRIDAY, body?: string): Promise<string> {
		return createView(db(), { familyId, authorUserId: author.id, view: input(audience, body) }, at);
	}

	async function row(viewId: string): Promise<YoungViewRow> {
		const view = await findView(db(), viewId);
		if (!view) throw new Error(`No view ${viewId}`);
		return view;
	}

	/** The ids of the views `user` is shown in the family's list, through the policy's rule. */
	async function seenBy(user: User, familyId: string, now = NOW): Promise<string[]> {
		const relation = await familyRelation(db(), user, familyId);
		if (!relation) return [];
		return (await listViews(db(), familyId, user.id, viewAudiencesFor(relation), now)).map((v) => v.id);
	}

	/** The same person's view of one view, with its thread, or null. */
	async function threadFor(user: User, familyId: string, viewId: string, now = NOW) {
		const relation = await familyRelation(db(), user, familyId);
		if (!relation) return null;
		return getViewThread(db(), familyId, viewId, user.id, viewAudiencesFor(relation), now);
	}

	/** The status the policy answers with when `user` opens the view's page: 200 when allowed. */
	async function accessStatus(user: User | null, familyId: string, viewId: string): Promise<number> {
		try {
			await requireViewAccess(localsFor(db(), user), familyId, viewId);
			return 200;
		} catch (error) {
			return (error as { status: number }).status;
		}
	}

	const attention = async (worker: Worker, now = NOW): Promise<FamilyAttentionItem[]> =>
		(await listNeedsAttention(db(), worker.userId, now)).filter((i): i is FamilyAttentionItem => i.kind === 'young_view');

	const sorted = (ids: string[]) => [...ids].sort();

	/** Messages under the family's views (the database is shared by the file's tests). */
	async function messagesIn(familyId: string): Promise<number> {
		const rows = await db()
			.selectFrom('young_view_message')
			.innerJoin('young_view', 'young_view.id', 'young_view_message.view_id')
			.select('young_view_message.id')
			.where('young_view.family_id', '=', familyId)
			.execute();
		return rows.length;
	}

	describe('who sees a view', () => {
		it('shows each view to its author and to the audience they chose, and nobody else', async () => {
			const w = await setup();
			const leoDraft = await write(w.familyId, w.leo, 'only_me');
			const leoWorker = await write(w.familyId, w.leo, 'worker');
			const leoFamily = await write(w.familyId, w.leo, 'family');
			const noorWorker = await write(w.familyId, w.noor, 'worker');
			const noorFamily = await write(w.familyId, w.noor, 'family');
			const miaWorker = await write(w.other.familyId, w.other.mia, 'worker');
			const miaFamily = await write(w.other.familyId, w.other.mia, 'family');

			const expected: [string, User, string[]][] = [
				// The author sees all their own, drafts included, and what others shared with the family.
				['Leo', w.leo, [leoDraft, leoWorker, leoFamily, noorFamily]],
				['Noor (a sibling)', w.noor, [leoFamily, noorWorker, noorFamily]],
				['Amira (a parent)', w.amira, [leoFamily, noorFamily]],
				['Jo (the lead worker)', asUser(w.jo), [leoWorker, leoFamily, noorWorker, noorFamily]],
				['Sam (in the team)', asUser(w.sam), [leoFamily, noorFamily]],
				['Morgan (the lead’s manager)', asUser(w.morgan), []],
				['the admin', w.admin, []],
				['Priya (a colleague, not in the family)', asUser(w.priya), []],
				['Dan (another family)', w.other.dan, []],
				['Lee (another family’s lead)', asUser(w.other.lee), []]
			];
			for (const [who, user, ids] of expected) {
				expect(sorted(await seenBy(user, w.familyId)), who).toEqual(sorted(ids));
			}

			// The SQL filter and the policy's rule for one view agree, view by view and person by person.
			const all = [leoDraft, leoWorker, leoFamily, noorWorker, noorFamily];
			for (const [who, user, ids] of expected) {
				for (const viewId of all) {
					const thread = await threadFor(user, w.familyId, viewId);
					expect(thread?.id ?? null, `${who} opening ${viewId}`).toBe(ids.includes(viewId) ? viewId : null);
				}
			}

			// Another family's views never show in this family's list, even asked for by id.
			expect(await threadFor(asUser(w.jo), w.familyId, miaWorker)).toBeNull();
			expect(await getViewThread(db(), w.familyId, miaFamily, w.leo.id, ['worker', 'family'], NOW)).toBeNull();
			expect(sorted(await seenBy(w.other.mia, w.other.familyId))).toEqual(sorted([miaWorker, miaFamily]));
			expect(await seenBy(w.other.dan, w.other.familyId)).toEqual([miaFamily]);
		});

		it('lets the policy open a view for exactly those people: 404 for the rest, 403 for the admin', async () => {
			const w = await setup();
			const leoDraft = await write(w.familyId, w.leo, 'only_me');
			const leoWorker = await write(w.familyId, w.leo, 'worker');
			const leoFamily = await write(w.familyId, w.leo, 'family');
			const miaWorker = await write(w.other.familyId, w.other.mia, 'worker');

			const table: [string, User, [number, number, number]][] = [
				['Leo', w.leo, [200, 200, 200]],
				['Noor', w.noor, [404, 404, 200]],
				['Amira', w.amira, [404, 404, 200]],
				['Jo', asUser(w.jo), [404, 200, 200]],
				['Sam', asUser(w.sam), [404, 404, 200]],
				['Morgan', asUser(w.morgan), [404, 404, 404]],
				// The admin may not read a family's pages at all.
				['admin', w.admin, [403, 403, 403]],
				['Priya', asUser(w.priya), [404, 404, 404]],
				['Dan', w.other.dan, [404, 404, 404]],
				['Mia', w.other.mia, [404, 404, 404]],
				['Lee', asUser(w.other.lee), [404, 404, 404]]
			];
			for (const [who, user, statuses] of table) {
				const got = [];
				for (const viewId of [leoDraft, leoWorker, leoFamily]) got.push(await accessStatus(user, w.familyId, viewId));
				expect(got, who).toEqual(statuses);
			}

			const opened = await requireViewAccess(localsFor(db(), asUser(w.jo)), w.familyId, leoWorker);
			expect(opened).toMatchObject({ isAuthor: false, isLead: true, view: { id: leoWorker }, access: { relation: 'lead' } });
			const own = await requireViewAccess(localsFor(db(), w.leo), w.familyId, leoDraft);
			expect(own).toMatchObject({ isAuthor: true, isLead: false, access: { relation: 'member' } });

			// A view is found only under its own family, and an unknown id is simply not found.
			expect(await accessStatus(w.other.mia, w.other.familyId, leoFamily)).toBe(404);
			expect(await accessStatus(asUser(w.jo), w.familyId, miaWorker)).toBe(404);
			expect(await accessStatus(w.leo, w.familyId, 'no-such-view')).toBe(404);
			await expect(requireViewAccess(localsFor(db(), null), w.familyId, leoFamily)).rejects.toMatchObject({
				status: 303,
				location: '/sign-in'
			});
		});

		it('follows the author’s choice at once when they change who sees it', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker');
			const audienceNow = async () => ({
				amira: await accessStatus(w.amira, w.familyId, viewId),
				jo: await accessStatus(asUser(w.jo), w.familyId, viewId),
				sam: await accessStatus(asUser(w.sam), w.familyId, viewId)
			});
			expect(await audienceNow()).toEqual({ amira: 404, jo: 200, sam: 404 });

			const change = async (audience: ViewAudience, at: Date) => {
				const view = await row(viewId);
				await changeAudience(db(), view, audience, view.version, at);
			};
			await change('family', on('2026-11-21'));
			expect(await audienceNow()).toEqual({ amira: 200, jo: 200, sam: 200 });
			expect(await seenBy(w.amira, w.familyId)).toEqual([viewId]);

			await change('only_me', on('2026-11-22'));
			expect(await audienceNow()).toEqual({ amira: 404, jo: 404, sam: 404 });
			expect(await seenBy(asUser(w.jo), w.familyId)).toEqual([]);
			expect(await seenBy(w.leo, w.familyId)).toEqual([viewId]);

			await change('worker', on('2026-11-23'));
			expect(await audienceNow()).toEqual({ amira: 404, jo: 200, sam: 404 });
		});

		it('counts on the family’s home page only what each person may see', async () => {
			const w = await setup();
			await write(w.familyId, w.leo, 'only_me', on('2026-11-16'));
			const leoWorker = await write(w.familyId, w.leo, 'worker', on('2026-11-17'));
			const leoFamily = await write(w.familyId, w.leo, 'family', on('2026-11-18'));
			const noorFamily = await write(w.familyId, w.noor, 'family', on('2026-11-19'));
			await replyToView(db(), await row(leoWorker), w.jo.userId, 'Thanks Leo', on('2026-11-23'));

			const glance = async (user: User) => {
				const relation = await familyRelation(db(), user, w.familyId);
				const found = await glanceAtViews(db(), w.familyId, user.id, viewAudiencesFor(relation!));
				return { ...found, latest: found.latest.map((v) => v.id) };
			};
			expect(await glance(w.amira)).toMatchObject({ sharedWithMe: 2, waiting: 2, newReplies: 0, latest: [leoFamily, noorFamily] });
			expect(await glance(w.leo)).toMatchObject({ sharedWithMe: 1, waiting: 1, newReplies: 1, latest: [noorFamily] });
			expect(await glance(asUser(w.jo))).toMatchObject({
				sharedWithMe: 3,
				waiting: 2,
				newReplies: 0,
				latest: [leoWorker, leoFamily, noorFamily]
			});
			expect(await glance(asUser(w.morgan))).toMatchObject({ sharedWithMe: 0, waiting: 0, newReplies: 0, latest: [] });
		});
	});

	describe('who may change a view', () => {
		/** As the page's actions do: the policy first, then the change with the row it returned. */
		async function asAction(user: User, familyId: string, viewId: string, change: (view: YoungViewRow) => Promise<void>) {
			const { view } = await requireOwnView(localsFor(db(), user), familyId, viewId);
			await change(view);
		}

		it('lets only the author change who sees it, finish a draft or throw it away; the row stays as it was', async () => {
			const w = await setup();
			const family = await write(w.familyId, w.leo, 'family');
			const worker = await write(w.familyId, w.leo, 'worker');
			const draft = await write(w.familyId, w.leo, 'only_me');
			const before = await Promise.all([family, worker, draft].map(row));

			const attempts: [string, User, string, number][] = [
				// People who can see it are told no (403); people who cannot are told nothing is there (404).
				['Amira on the family view', w.amira, family, 403],
				['Noor on the family view', w.noor, family, 403],
				['Jo on the family view', asUser(w.jo), family, 403],
				['Sam on the family view', asUser(w.sam), family, 403],
				['Jo on the worker view', asUser(w.jo), worker, 403],
				['Amira on the worker view', w.amira, worker, 404],
				['Sam on the worker view', asUser(w.sam), worker, 404],
				['Amira on the draft', w.amira, draft, 404],
				['Jo on the draft', asUser(w.jo), draft, 404],
				['Morgan on the family view', asUser(w.morgan), family, 404],
				['the admin on the family view', w.admin, family, 403],
				['Dan on the family view', w.other.dan, family, 404]
			];
			for (const [who, user, viewId, status] of attempts) {
				const widen = await rejection(asAction(user, w.familyId, viewId, (v) => changeAudience(db(), v, 'family', v.version, NOW)));
				expect(widen, who).toMatchObject({ status });
				const hide = await rejection(asAction(user, w.familyId, viewId, (v) => changeAudience(db(), v, 'only_me', v.version, NOW)));
				expect(hide, who).toMatchObject({ status });
				const rewrite = await rejection(
					asAction(user, w.familyId, viewId, (v) => saveDraft(db(), v, input('family', 'Not Leo’s words'), v.version, NOW))
				);
				expect(rewrite, who).toMatchObject({ status });
				const discard = await rejection(asAction(user, w.familyId, viewId, (v) => discardDraft(db(), v)));
				expect(discard, who).toMatchObject({ status });
				const answer = await rejection(asAction(user, w.familyId, viewId, (v) => answerView(db(), v, 'Not Leo', NOW)));
				expect(answer, who).toMatchObject({ status });
			}
			expect(await Promise.all([family, worker, draft].map(row))).toEqual(before);
			expect(await messagesIn(w.familyId)).toBe(0);

			// Leo himself may.
			const own = await requireOwnView(localsFor(db(), w.leo), w.familyId, worker);
			expect(own.isAuthor).toBe(true);
			await changeAudience(db(), own.view, 'family', own.view.version, NOW);
			expect((await row(worker)).audience).toBe('family');
		});

		it('lets only the lead worker acknowledge and reply', async () => {
			const w = await setup();
			const family = await write(w.familyId, w.leo, 'family');
			const worker = await write(w.familyId, w.leo, 'worker');
			const reply = (user: User | null, viewId: string) => requireViewReply(localsFor(db(), user), w.familyId, viewId);

			expect((await reply(asUser(w.jo), family)).isLead).toBe(true);
			expect((await reply(asUser(w.jo), worker)).isLead).toBe(true);
			for (const user of [w.leo, w.amira, w.noor, asUser(w.sam), w.admin]) {
				await expect(reply(user, family)).rejects.toMatchObject({ status: 403 });
			}
			for (const user of [asUser(w.morgan), asUser(w.priya), w.other.dan, asUser(w.other.lee)]) {
				await expect(reply(user, family)).rejects.toMatchObject({ status: 404 });
			}
			await expect(reply(w.leo, worker)).rejects.toMatchObject({ status: 403 });
			for (const user of [w.amira, asUser(w.sam), asUser(w.morgan)]) {
				await expect(reply(user, worker)).rejects.toMatchObject({ status: 404 });
			}
		});

		it('lets only a young person in the family write a new view', async () => {
			const w = await setup();
			const author = (user: User | null, familyId = w.familyId) => requireViewAuthoring(localsFor(db(), user), familyId);
			expect((await author(w.leo)).user.id).toBe(w.leo.id);
			expect((await author(w.noor)).relation).toBe('member');
			for (const user of [w.amira, asUser(w.jo), asUser(w.sam), asUser(w.morgan), w.admin]) {
				await expect(author(user)).rejects.toMatchObject({ status: 403 });
			}
			for (const user of [w.other.mia, w.other.dan, asUser(w.priya), asUser(w.other.lee)]) {
				await expect(author(user)).rejects.toMatchObject({ status: 404 });
			}
			await expect(author(w.leo, w.other.familyId)).rejects.toMatchObject({ status: 404 });
			await expect(author(null)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		});
	});

	describe('writing and sharing', () => {
		it('starts the reply clock when a view is shared: five working days from the UK date', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY, 'Home is loud.');
			const shared = toTimestamp(FRIDAY);
			expect(await row(viewId)).toMatchObject({
				family_id: w.familyId,
				author_user_id: w.leo.id,
				prompt: 'home',
				feeling: 'okay',
				body: 'Home is loud.',
				audience: 'worker',
				created_at: shared,
				updated_at: shared,
				version: 1,
				shared_at: shared,
				reply_due_on: '2026-11-27',
				awaiting_since: shared,
				awaiting_due_on: '2026-11-27',
				first_reply_at: null,
				read_at: null,
				read_by_user_id: null
			});
			expect(DEFAULT_VIEW_REPLY_DAYS).toBe(5);

			const [summary] = await listViews(db(), w.familyId, w.leo.id, viewAudiencesFor('member'), FRIDAY);
			expect(summary).toMatchObject({
				id: viewId,
				authorName: 'Leo',
				status: 'waiting',
				isDraft: false,
				sharedAt: shared,
				dueOn: '2026-11-27',
				overdue: false,
				messageCount: 0,
				hasNewReply: false,
				version: 1
			});
			// Due on the Friday is not late; the Saturday after, it is.
			expect((await listViews(db(), w.familyId, w.leo.id, [], on('2026-11-27', 23)))[0]?.overdue).toBe(false);
			expect((await listViews(db(), w.familyId, w.leo.id, [], on('2026-11-28')))[0]?.overdue).toBe(true);
		});

		it('keeps a draft to its author with no clock running', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'only_me', FRIDAY);
			expect(await row(viewId)).toMatchObject({
				audience: 'only_me',
				shared_at: null,
				reply_due_on: null,
				awaiting_since: null,
				awaiting_due_on: null
			});
			const [summary] = await listViews(db(), w.familyId, w.leo.id, [], on('2026-12-30'));
			expect(summary).toMatchObject({ status: 'draft', isDraft: true, sharedAt: null, dueOn: null, overdue: false });
			expect(await attention(w.jo, on('2026-12-30'))).toEqual([]);
		});

		it('counts from the date in the UK, over weekends and bank holidays', async () => {
			const w = await setup();
			// 23:30 UTC on Thursday 2 July is 00:30 on Friday in London: due the Friday after, not the Thursday.
			const lateThursday = await write(w.familyId, w.leo, 'worker', new Date('2026-07-02T23:30:00.000Z'));
			expect((await row(lateThursday)).reply_due_on).toBe('2026-07-10');
			// Shared on a Saturday: five working days from the Monday.
			const saturday = await write(w.familyId, w.leo, 'family', on('2026-11-21'));
			expect((await row(saturday)).reply_due_on).toBe('2026-11-27');
			// Shared just before Christmas: Christmas Day, Boxing Day's substitute and New Year's Day are skipped.
			const christmas = await write(w.familyId, w.leo, 'worker', on('2026-12-23'));
			expect((await row(christmas)).reply_due_on).toBe('2027-01-04');
		});

		it('uses the lead worker’s service’s reply time, for views shared from then on', async () => {
			const w = await setup();
			const before = await write(w.familyId, w.leo, 'worker', FRIDAY);
			await setReplyDays(db(), w.serviceId, 'view', 2);
			// The team's service has a different reply time: it is not theirs to answer.
			await setReplyDays(db(), w.teamServiceId, 'view', 20);
			const after = await write(w.familyId, w.leo, 'worker', FRIDAY);
			expect((await row(after)).reply_due_on).toBe('2026-11-24');
			expect((await row(after)).awaiting_due_on).toBe('2026-11-24');
			expect((await row(before)).reply_due_on).toBe('2026-11-27');
			expect(addWorkingDays('2026-11-20', 2)).toBe('2026-11-24');

			const service = await db().selectFrom('service').select('view_reply_days').where('id', '=', w.serviceId).executeTakeFirstOrThrow();
			expect(Number(service.view_reply_days)).toBe(2);
		});

		it('lets a manager choose 1 to 20 working days, and nothing else', async () => {
			const w = await setup();
			const days = async () =>
				Number(
					(await db().selectFrom('service').select('view_reply_days').where('id', '=', w.serviceId).executeTakeFirstOrThrow())
						.view_reply_days
				);
			expect(await days()).toBe(5);
			expect(VIEW_REPLY_DAYS_RANGE).toEqual({ min: 1, max: 20 });
			for (const bad of [0, 21, -1, 2.5, Number.NaN]) {
				await expect(setReplyDays(db(), w.serviceId, 'view', bad)).rejects.toBeInstanceOf(RangeError);
			}
			expect(await days()).toBe(5);
			await setReplyDays(db(), w.serviceId, 'view', 1);
			expect(await days()).toBe(1);
			await setReplyDays(db(), w.serviceId, 'view', 20);
			expect(await days()).toBe(20);
		});

		it('uses the usual five days when the family has no lead worker', async () => {
			const familyId = (await addFamily(db())).id;
			const young = await addFamilyUser(db(), familyId, 'Kai', 'young_person');
			const viewId = await write(familyId, young, 'worker', FRIDAY);
			expect((await row(viewId)).reply_due_on).toBe('2026-11-27');
			expect(await leadWorkerName(db(), familyId)).toBeNull();
		});

		it('names the lead worker for the choice of who sees it', async () => {
			const w = await setup();
			expect(await leadWorkerName(db(), w.familyId)).toBe('Jo Bennett');
		});

		it('finishes a draft: new words, and the clock starts only when it is shared', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'only_me', on('2026-11-16'));
			const first = await row(viewId);

			await saveDraft(db(), first, input('only_me', 'Still thinking', { prompt: 'friends', feeling: null }), first.version, on('2026-11-18'));
			const second = await row(viewId);
			expect(second).toMatchObject({ body: 'Still thinking', prompt: 'friends', feeling: null, shared_at: null, awaiting_since: null });
			expect(second.updated_at).toBe(toTimestamp(on('2026-11-18')));
			expect(second.created_at).toBe(first.created_at);

			await saveDraft(db(), second, input('family', 'Ready now'), second.version, FRIDAY);
			expect(await row(viewId)).toMatchObject({
				body: 'Ready now',
				audience: 'family',
				shared_at: toTimestamp(FRIDAY),
				reply_due_on: '2026-11-27',
				awaiting_since: toTimestamp(FRIDAY),
				awaiting_due_on: '2026-11-27'
			});
			expect(await seenBy(w.amira, w.familyId)).toEqual([viewId]);
		});

		it('shares a draft from the choice of who sees it too, starting the clock then', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'only_me', on('2026-11-16'));
			const draft = await row(viewId);
			await changeAudience(db(), draft, 'worker', draft.version, FRIDAY);
			expect(await row(viewId)).toMatchObject({
				audience: 'worker',
				shared_at: toTimestamp(FRIDAY),
				reply_due_on: '2026-11-27',
				awaiting_since: toTimestamp(FRIDAY),
				awaiting_due_on: '2026-11-27',
				updated_at: toTimestamp(FRIDAY)
			});
			expect((await attention(w.jo)).map((i) => i.viewId)).toEqual([viewId]);
		});

		it('refuses to rewrite a view once shared, even after it was taken back to “only me”', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker');
			const shared = await row(viewId);
			const refused = await rejection(saveDraft(db(), shared, input('worker', 'New words'), shared.version, NOW));
			expect(refused).toBeInstanceOf(ViewRuleError);
			expect(refused).toMatchObject({ code: 'not_draft' });
			expect(await row(viewId)).toEqual(shared);

			await changeAudience(db(), shared, 'only_me', shared.version, NOW);
			const hidden = await row(viewId);
			await expect(saveDraft(db(), hidden, input('only_me', 'New words'), hidden.version, NOW)).rejects.toMatchObject({
				code: 'not_draft'
			});
			expect((await row(viewId)).body).toBe(shared.body);
		});

		it('notices a change made meanwhile in another window, and tells the version to try again with', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'only_me', on('2026-11-16'));
			const shownInBothWindows = (await row(viewId)).version;

			await saveDraft(db(), await row(viewId), input('only_me', 'From window one'), shownInBothWindows, on('2026-11-17'));
			const stale = await rejection(saveDraft(db(), await row(viewId), input('worker', 'From window two'), shownInBothWindows, on('2026-11-18')));
			expect(stale).toBeInstanceOf(ViewRuleError);
			expect(stale).toMatchObject({ code: 'changed_meanwhile' });
			expect(await row(viewId)).toMatchObject({ body: 'From window one', audience: 'only_me', shared_at: null });

			const now = await currentVersion(db(), viewId);
			expect(now).toBe(shownInBothWindows + 1);
			expect(now).not.toBe(shownInBothWindows);
			await saveDraft(db(), await row(viewId), input('worker', 'From window two'), now, on('2026-11-18'));
			expect(await row(viewId)).toMatchObject({ body: 'From window two', audience: 'worker' });

			// The same for who sees it.
			const version = await currentVersion(db(), viewId);
			await changeAudience(db(), await row(viewId), 'family', version, on('2026-11-19'));
			await expect(changeAudience(db(), await row(viewId), 'only_me', version, on('2026-11-19', 11))).rejects.toMatchObject({
				code: 'changed_meanwhile'
			});
			expect((await row(viewId)).audience).toBe('family');
		});

		it('gives every save the next version, even two in the same millisecond', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'only_me', FRIDAY);
			const versions = [await currentVersion(db(), viewId)];
			for (const body of ['one', 'two', 'three']) {
				const view = await row(viewId);
				await saveDraft(db(), view, input('only_me', body), view.version, FRIDAY);
				versions.push(await currentVersion(db(), viewId));
			}
			expect(versions).toEqual([1, 2, 3, 4]);
			// A version read before the last save no longer works.
			await expect(saveDraft(db(), await row(viewId), input('only_me', 'four'), versions[2]!, FRIDAY)).rejects.toMatchObject({
				code: 'changed_meanwhile'
			});
		});

		it('throws away a draft, but never a view that was shared', async () => {
			const w = await setup();
			const draft = await write(w.familyId, w.leo, 'only_me');
			await discardDraft(db(), await row(draft));
			expect(await findView(db(), draft)).toBeUndefined();
			expect(await currentVersion(db(), draft)).toBe(0);

			const shared = await write(w.familyId, w.leo, 'worker');
			await replyToView(db(), await row(shared), w.jo.userId, 'Thanks', NOW);
			await expect(discardDraft(db(), await row(shared))).rejects.toMatchObject({ code: 'not_draft' });
			const view = await row(shared);
			await changeAudience(db(), view, 'only_me', view.version, NOW);
			await expect(discardDraft(db(), await row(shared))).rejects.toMatchObject({ code: 'not_draft' });
			expect(await findView(db(), shared)).toBeDefined();
			expect((await threadFor(w.leo, w.familyId, shared))?.messages).toHaveLength(1);
		});

		it('keeps markup and odd characters exactly as written: escaping is the page’s job', async () => {
			const w = await setup();
			const body = `<script>alert("x")</script> <img src=x onerror=alert(1)> & &amp; 'quotes' “curly” — مرحبا 😀\nSecond line\t\\ %s $1 ?`;
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY, body);
			const reply = `<b>Thanks</b> & <a href="javascript:alert(1)">link</a>`;
			await replyToView(db(), await row(viewId), w.jo.userId, reply, NOW);
			const thread = await threadFor(asUser(w.jo), w.familyId, viewId);
			expect(thread?.body).toBe(body);
			expect(thread?.messages.map((m) => m.body)).toEqual([reply]);
			expect((await row(viewId)).body).toBe(body);
		});
	});

	describe('reading and replying', () => {
		it('goes from waiting to read to replied, and waits again when the young person answers', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY);
			const leoSees = async (now = NOW) => (await threadFor(w.leo, w.familyId, viewId, now))!;
			expect((await leoSees()).status).toBe('waiting');

			// Jo says "I have read this": read, but still waiting for an answer.
			await acknowledgeView(db(), await row(viewId), w.jo.userId, on('2026-11-23'));
			expect(await leoSees()).toMatchObject({
				status: 'read',
				readAt: toTimestamp(on('2026-11-23')),
				readByName: 'Jo Bennett',
				dueOn: '2026-11-27'
			});
			expect((await attention(w.jo)).map((i) => i.viewId)).toEqual([viewId]);
			// A second acknowledgement keeps the first.
			await acknowledgeView(db(), await row(viewId), w.jo.userId, on('2026-11-24'));
			expect((await row(viewId)).read_at).toBe(toTimestamp(on('2026-11-23')));

			// Jo replies: nothing waits any more; the first reply time is kept.
			await replyToView(db(), await row(viewId), w.jo.userId, 'Thank you for telling me.', on('2026-11-24'));
			expect(await row(viewId)).toMatchObject({
				first_reply_at: toTimestamp(on('2026-11-24')),
				awaiting_since: null,
				awaiting_due_on: null,
				reply_due_on: '2026-11-27'
			});
			const replied = await leoSees(on('2026-11-24', 12));
			expect(replied).toMatchObject({ status: 'replied', dueOn: null, overdue: false, messageCount: 1, hasNewReply: true });
			expect(replied.messages).toEqual([
				{
					id: expect.any(String),
					authorName: 'Jo Bennett',
					fromAuthor: false,
					body: 'Thank you for telling me.',
					createdAt: toTimestamp(on('2026-11-24'))
				}
			]);
			expect(await attention(w.jo)).toEqual([]);

			// Leo opens it: the reply is no longer new.
			await markSeenByAuthor(db(), viewId, on('2026-11-25'));
			expect((await leoSees()).hasNewReply).toBe(false);

			// Leo answers back on Thursday: it waits again, due five working days from then.
			await answerView(db(), await row(viewId), 'Can we talk on Wednesday?', on('2026-11-26'));
			expect(await row(viewId)).toMatchObject({
				awaiting_since: toTimestamp(on('2026-11-26')),
				awaiting_due_on: '2026-12-03',
				first_reply_at: toTimestamp(on('2026-11-24')),
				reply_due_on: '2026-11-27'
			});
			const answered = await leoSees(on('2026-11-26'));
			expect(answered).toMatchObject({ status: 'waiting', dueOn: '2026-12-03', messageCount: 2, hasNewReply: false });
			expect(answered.messages.map((m) => [m.authorName, m.fromAuthor])).toEqual([
				['Jo Bennett', false],
				['Leo', true]
			]);
			expect(await attention(w.jo)).toEqual([
				expect.objectContaining({ viewId, dueOn: '2026-12-03', waitingSince: toTimestamp(on('2026-11-26')) })
			]);

			// Another answer before Jo replies does not move the date.
			await answerView(db(), await row(viewId), 'Or Thursday.', on('2026-11-27'));
			expect(await row(viewId)).toMatchObject({ awaiting_since: toTimestamp(on('2026-11-26')), awaiting_due_on: '2026-12-03' });
			expect((await leoSees(on('2026-12-04'))).overdue).toBe(true);

			await replyToView(db(), await row(viewId), w.jo.userId, 'Wednesday is good.', on('2026-11-30'));
			expect(await row(viewId)).toMatchObject({
				first_reply_at: toTimestamp(on('2026-11-24')),
				awaiting_since: null,
				read_at: toTimestamp(on('2026-11-23'))
			});
			expect(await leoSees(on('2026-11-30', 12))).toMatchObject({ status: 'replied', messageCount: 4, hasNewReply: true });
		});

		it('counts a reply as reading it when the worker did not say so first', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'family', FRIDAY);
			await replyToView(db(), await row(viewId), w.jo.userId, 'Great news', NOW);
			expect(await row(viewId)).toMatchObject({ read_at: toTimestamp(NOW), read_by_user_id: w.jo.userId });
			// The family sees the thread too, but only Leo is told about new replies.
			expect((await threadFor(w.amira, w.familyId, viewId))?.messages).toHaveLength(1);
		});

		it('refuses to acknowledge, reply to or answer a view that is “only me”', async () => {
			const w = await setup();
			const draft = await write(w.familyId, w.leo, 'only_me');
			const hidden = await write(w.familyId, w.leo, 'worker');
			const view = await row(hidden);
			await changeAudience(db(), view, 'only_me', view.version, NOW);
			for (const viewId of [draft, hidden]) {
				const before = await row(viewId);
				for (const attempt of [
					() => acknowledgeView(db(), before, w.jo.userId, NOW),
					() => replyToView(db(), before, w.jo.userId, 'Hello', NOW),
					() => answerView(db(), before, 'Hello', NOW)
				]) {
					const refused = await rejection(attempt());
					expect(refused).toBeInstanceOf(ViewRuleError);
					expect(refused).toMatchObject({ code: 'not_shared' });
				}
				expect(await row(viewId)).toEqual(before);
			}
			expect(await messagesIn(w.familyId)).toBe(0);
		});

		it('stops the clock while a waiting view is taken back, and starts it again when it is shared again', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY);
			expect((await attention(w.jo)).map((i) => i.viewId)).toEqual([viewId]);

			const hide = await row(viewId);
			await changeAudience(db(), hide, 'only_me', hide.version, on('2026-11-23'));
			expect(await attention(w.jo)).toEqual([]);
			expect(await seenBy(asUser(w.jo), w.familyId)).toEqual([]);
			expect(await accessStatus(asUser(w.jo), w.familyId, viewId)).toBe(404);
			await expect(requireViewReply(localsFor(db(), asUser(w.jo)), w.familyId, viewId)).rejects.toMatchObject({ status: 404 });
			// To Leo it is his own again, though no longer a draft he can rewrite.
			expect((await threadFor(w.leo, w.familyId, viewId))).toMatchObject({ status: 'draft', isDraft: false, dueOn: null, overdue: false });

			// Shared again on Wednesday: five working days from then, for the worker and for the
			// service's figures alike (it is not late for the days it was hidden).
			const show = await row(viewId);
			await changeAudience(db(), show, 'family', show.version, on('2026-11-25'));
			expect(await row(viewId)).toMatchObject({
				shared_at: toTimestamp(FRIDAY),
				reply_due_on: '2026-12-02',
				awaiting_since: toTimestamp(on('2026-11-25')),
				awaiting_due_on: '2026-12-02'
			});
			expect(await attention(w.jo)).toEqual([
				expect.objectContaining({ viewId, dueOn: '2026-12-02', waitingSince: toTimestamp(on('2026-11-25')) })
			]);
			expect((await threadFor(w.leo, w.familyId, viewId))?.status).toBe('waiting');
			expect(await serviceReplyFigures(db(), w.serviceId, 5, on('2026-11-30'))).toMatchObject({ due: 0, overdue: 0 });
			expect(await serviceReplyFigures(db(), w.serviceId, 5, on('2026-12-03'))).toMatchObject({ due: 1, overdue: 1 });
		});

		it('does not make an answered view wait again when it is shared again', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY);
			await replyToView(db(), await row(viewId), w.jo.userId, 'Thanks', on('2026-11-23'));
			const hide = await row(viewId);
			await changeAudience(db(), hide, 'only_me', hide.version, on('2026-11-24'));
			const show = await row(viewId);
			await changeAudience(db(), show, 'worker', show.version, on('2026-11-25'));
			expect(await row(viewId)).toMatchObject({ awaiting_since: null, awaiting_due_on: null, shared_at: toTimestamp(FRIDAY) });
			expect((await threadFor(w.leo, w.familyId, viewId))?.status).toBe('replied');
			expect(await attention(w.jo)).toEqual([]);
		});

		it('changing between “my worker” and “my family” does not restart the clock', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY);
			const view = await row(viewId);
			await changeAudience(db(), view, 'family', view.version, on('2026-11-25'));
			expect(await row(viewId)).toMatchObject({ awaiting_since: toTimestamp(FRIDAY), awaiting_due_on: '2026-11-27' });
		});
	});

	describe('needs attention', () => {
		it('puts shared views waiting for a reply on the lead worker’s list, and nobody else’s', async () => {
			const w = await setup();
			await write(w.familyId, w.leo, 'only_me', on('2026-11-16'));
			const worker = await write(w.familyId, w.leo, 'worker', on('2026-11-17'), 'I want to choose when I see my dad.');
			const family = await write(w.familyId, w.noor, 'family', FRIDAY, 'School is better.');
			await write(w.other.familyId, w.other.mia, 'worker', FRIDAY);

			const items = await attention(w.jo);
			expect(items).toEqual([
				{
					kind: 'young_view',
					familyId: w.familyId,
					familyName: expect.stringMatching(/^Hassan/),
					goalId: null,
					viewId: worker,
					dueOn: '2026-11-24',
					title: 'I want to choose when I see my dad.',
					personName: 'Leo',
					waitingSince: toTimestamp(on('2026-11-17'))
				},
				{
					kind: 'young_view',
					familyId: w.familyId,
					familyName: expect.stringMatching(/^Hassan/),
					goalId: null,
					viewId: family,
					dueOn: '2026-11-27',
					title: 'School is better.',
					personName: 'Noor',
					waitingSince: toTimestamp(FRIDAY)
				}
			]);
			for (const other of [w.sam, w.morgan, w.priya]) expect(await attention(other)).toEqual([]);
			for (const user of [w.amira, w.leo]) expect(await listNeedsAttention(db(), user.id, NOW)).toEqual([]);
			expect((await attention(w.other.lee)).map((i) => i.personName)).toEqual(['Mia']);
		});

		it('shows the first words of a long view', async () => {
			const w = await setup();
			const body = `${'word '.repeat(60)}end`;
			await write(w.familyId, w.leo, 'worker', FRIDAY, body);
			const [item] = await attention(w.jo);
			expect(item?.title).toBe(`${body.slice(0, 140).trimEnd()}…`);
			expect(item!.title.length).toBeLessThanOrEqual(141);
		});

		it('moves to the new lead worker at a handover, old views included', async () => {
			const w = await setup();
			const viewId = await write(w.familyId, w.leo, 'worker', FRIDAY);
			expect((await attention(w.jo)).map((i) => i.viewId)).toEqual([viewId]);

			// Planned for today: it happens at once.
			await planHandover(
				db(),
				{ familyId: w.familyId, toWorkerId: w.priya.id, handoverOn: '2026-11-23', withinServiceId: w.serviceId },
				w.morgan.userId,
				NOW
			);
			expect(await attention(w.jo)).toEqual([]);
			expect((await attention(w.priya)).map((i) => [i.viewId, i.dueOn])).toEqual([[viewId, '2026-11-27']]);
			// "My worker" is whoever leads now.
			expect(await accessStatus(asUser(w.priya), w.familyId, viewId)).toBe(200);
			expect(await accessStatus(asUser(w.jo), w.familyId, viewId)).toBe(404);
			expect(await leadWorkerName(db(), w.familyId)).toBe('Priya Sharma');

			const { view, access } = await requireViewReply(localsFor(db(), asUser(w.priya)), w.familyId, viewId);
			await replyToView(db(), view, access.user.id, 'Hello Leo, I am Priya.', on('2026-11-24'));
			expect(await attention(w.priya)).toEqual([]);
		});
	});

	describe('the service’s reply figures', () => {
		it('counts views shared in the last 90 days: due, answered in time, overdue; never the words', async () => {
			const w = await setup();
			const at = (date: string, hour?: number) => on(date, hour);
			// Shared Monday 2 November: due Monday 9 November.
			const inTime = await write(w.familyId, w.leo, 'worker', at('2026-11-02'), 'SECRET-ONE');
			await replyToView(db(), await row(inTime), w.jo.userId, 'SECRET-REPLY', new Date('2026-11-09T23:30:00.000Z'));
			const late = await write(w.familyId, w.leo, 'family', at('2026-11-02'), 'SECRET-TWO');
			await replyToView(db(), await row(late), w.jo.userId, 'Sorry I am late', at('2026-11-10'));
			await write(w.familyId, w.noor, 'worker', at('2026-11-02'), 'SECRET-THREE');
			// Not due yet on 23 November.
			await write(w.familyId, w.noor, 'family', FRIDAY, 'SECRET-FOUR');
			// Taken back to "only me": not counted at all.
			const hidden = await write(w.familyId, w.leo, 'worker', at('2026-11-03'), 'SECRET-FIVE');
			const view = await row(hidden);
			await changeAudience(db(), view, 'only_me', view.version, at('2026-11-04'));
			// A draft, a view older than 90 days, and another service's family: not counted either.
			await write(w.familyId, w.leo, 'only_me', at('2026-11-03'));
			await write(w.familyId, w.leo, 'worker', at('2026-08-20'));
			await write(w.other.familyId, w.other.mia, 'worker', at('2026-11-02'));

			const expected = { shared: 4, due: 3, answeredInTime: 1, overdue: 1, replyDays: 5 };
			expect(await serviceReplyFigures(db(), w.serviceId, 5, NOW)).toEqual(expected);

			// The manager's page: counts only, with the service's own reply time.
			await setReplyDays(db(), w.serviceId, 'view', 3);
			const overview = await getServiceOverview(db(), w.serviceId, NOW);
			expect(overview?.viewReplies).toEqual({ ...expected, replyDays: 3 });
			expect(JSON.stringify(overview)).not.toMatch(/SECRET/);

			// The team's service counts none of them: it does not lead the family.
			expect(await serviceReplyFigures(db(), w.teamServiceId, 5, NOW)).toMatchObject({ shared: 0, due: 0 });

			// Shared again, the hidden one counts again.
			const back = await row(hidden);
			await changeAudience(db(), back, 'worker', back.version, NOW);
			expect((await serviceReplyFigures(db(), w.serviceId, 5, NOW)).shared).toBe(5);
		});

		it('counts a view as due only once its date has passed', async () => {
			const w = await setup();
			// Shared Monday 16 November: due Monday 23 November.
			await write(w.familyId, w.leo, 'worker', on('2026-11-16'));
			expect(await serviceReplyFigures(db(), w.serviceId, 5, on('2026-11-23', 23))).toEqual({
				shared: 1,
				due: 0,
				answeredInTime: 0,
				overdue: 0,
				replyDays: 5
			});
			expect(await serviceReplyFigures(db(), w.serviceId, 5, on('2026-11-24', 0))).toMatchObject({ shared: 1, due: 1, overdue: 1 });
		});

		it('counts for the service leading the family now', async () => {
			const w = await setup();
			await write(w.familyId, w.leo, 'worker', on('2026-11-02'));
			expect(await serviceReplyFigures(db(), w.serviceId, 5, NOW)).toMatchObject({ shared: 1, overdue: 1 });
			await planHandover(
				db(),
				{ familyId: w.familyId, toWorkerId: w.sam.id, handoverOn: '2026-11-23', withinServiceId: null },
				w.admin.id,
				NOW
			);
			expect(await serviceReplyFigures(db(), w.serviceId, 5, NOW)).toMatchObject({ shared: 0, overdue: 0 });
			expect(await serviceReplyFigures(db(), w.teamServiceId, 5, NOW)).toMatchObject({ shared: 1, overdue: 1 });
		});
	});

	describe('the tables’ own rules', () => {
		const base = (familyId: string, authorUserId: string): YoungViewRow => ({
			id: newId(),
			family_id: familyId,
			author_user_id: authorUserId,
			prompt: 'home',
			feeling: null,
			body: 'x',
			audience: 'only_me',
			created_at: toTimestamp(NOW),
			updated_at: toTimestamp(NOW),
			version: 1,
			shared_at: null,
			reply_due_on: null,
			first_reply_at: null,
			awaiting_since: null,
			awaiting_due_on: null,
			read_at: null,
			read_by_user_id: null,
			author_seen_at: null
		});

		it('refuses rows the application never writes', async () => {
			const w = await setup();
			const ok = base(w.familyId, w.leo.id);
			await db().insertInto('young_view').values(ok).execute();
			const shared = { shared_at: toTimestamp(NOW), reply_due_on: '2026-11-30' };

			const bad: [string, Partial<Record<keyof YoungViewRow, string | null>>][] = [
				['shared with the worker but never shared', { audience: 'worker' }],
				['shared with the family with no reply date', { audience: 'family', shared_at: toTimestamp(NOW) }],
				['an unknown prompt', { prompt: 'politics' }],
				['an unknown feeling', { feeling: 'furious' }],
				['an unknown audience', { audience: 'everyone', ...shared }],
				['waiting with no due date', { ...shared, audience: 'worker', awaiting_since: toTimestamp(NOW) }],
				['a due date with nothing waiting', { ...shared, audience: 'worker', awaiting_due_on: '2026-11-30' }],
				['a family that does not exist', { family_id: 'no-such-family' }],
				['an author who does not exist', { author_user_id: 'no-such-user' }]
			];
			for (const [what, patch] of bad) {
				const error = await rejection(
					db()
						.insertInto('young_view')
						.values({ ...base(w.familyId, w.leo.id), ...patch } as YoungViewRow)
						.execute()
				);
				expect(error, what).toBeInstanceOf(Error);
			}
			expect(await db().selectFrom('young_view').select('id').where('family_id', '=', w.familyId).execute()).toEqual([{ id: ok.id }]);

			// Shared, with both dates: accepted.
			await db()
				.insertInto('young_view')
				.values({ ...base(w.familyId, w.leo.id), audience: 'worker', ...shared })
				.execute();
		});

		it('keeps messages only under a view that exists, and removes them with it', async () => {
			const w = await setup();
			const message = (viewId: string) => ({
				id: newId(),
				view_id: viewId,
				author_user_id: w.jo.userId,
				body: 'Hello',
				created_at: toTimestamp(NOW)
			});
			expect(await rejection(db().insertInto('young_view_message').values(message('no-such-view')).execute())).toBeInstanceOf(Error);
			const viewId = await write(w.familyId, w.leo, 'worker');
			await db().insertInto('young_view_message').values(message(viewId)).execute();
			await db().deleteFrom('young_view').where('id', '=', viewId).execute();
			expect(await db().selectFrom('young_view_message').select('id').where('view_id', '=', viewId).execute()).toEqual([]);
		});

		it('gives every service five working days unless it says otherwise', async () => {
			const id = newId();
			await db()
				.insertInto('service')
				.values({ id, name: uniqueName('Service'), description: null, directory_id: crypto.randomUUID(), created_at: toTimestamp(NOW) })
				.execute();
			const row = await db().selectFrom('service').select('view_reply_days').where('id', '=', id).executeTakeFirstOrThrow();
			expect(Number(row.view_reply_days)).toBe(DEFAULT_VIEW_REPLY_DAYS);
		});
	});
});
