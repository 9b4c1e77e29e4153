import { describe, expect, it } from 'vitest';
import type { NewsKind } from '$lib/server/db/schema';
import { planHandover } from '$lib/server/handovers/handovers.service';
import { newId } from '$lib/server/ids';
import { listNews, openNews, sweepDueNews } from '$lib/server/news/news.service';
import { addAction, editGoal, recordPosition, replyToDisagreement, setActionDone, suggestGoal, type Actor, type GoalText } from '$lib/server/plans/plans.service';
import { scheduleReview } from '$lib/server/plans/reviews.service';
import { requireOwnNewsItem } from '$lib/server/policy';
import { rateService, replyToRating } from '$lib/server/ratings/ratings.service';
import { changeAudience, createView, replyToView } from '$lib/server/views/views.service';
import { findView } from '$lib/server/views/views.repository';
import type { ViewAudience } from '$lib/views/views';
import { describeEachDatabase } from './support/databases';
import { addPlanFamily, addService, localsFor, rejection, type PlanFamily } from './support/fixtures';
import { addNamedWorker } from './support/worker-fixtures';

// "What's new": each happening reaches the people it is about and nobody else, in the change's
// own transaction; a young person's view kept from the family never reaches a parent; a line is
// opened (and marked seen) by its owner alone; the sweep of dates coming up is idempotent.

/** Monday 23 November 2026, mid-morning (UK time is UTC in winter). */
const NOW = new Date('2026-11-23T10:00:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const goalText = (title: string): GoalText => ({
	title,
	whyItMatters: 'It matters to us',
	howWeKnow: 'We will see it',
	outcomeArea: 'being_healthy'
});

describeEachDatabase("what's new", (database) => {
	const db = () => database.db;

	async function kindsFor(userId: string): Promise<NewsKind[]> {
		return (await listNews(db(), userId, { limit: 100 })).items.map((i) => i.kind);
	}

	async function twoFamilies(): Promise<{ a: PlanFamily; b: PlanFamily }> {
		return { a: await addPlanFamily(db()), b: await addPlanFamily(db()) };
	}

	const actor = (p: { userId: string; role: Actor['role'] }): Actor => ({ userId: p.userId, role: p.role });

	/** Everyone in both families except `expected` has none of `kind`. */
	async function onlyTheseGet(families: PlanFamily[], kind: NewsKind, expected: string[]) {
		for (const f of families) {
			for (const person of [f.parent, f.young, f.lead, f.team, f.manager]) {
				const count = (await kindsFor(person.userId)).filter((k) => k === kind).length;
				expect(count > 0, `${person.name} ${kind}`).toBe(expected.includes(person.userId));
			}
		}
	}

	it('tells the family of a new goal, never the one who suggested it, and never the other family', async () => {
		const { a, b } = await twoFamilies();
		await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Sleep better') }, NOW);
		await onlyTheseGet([a, b], 'goal_new', [a.parent.userId, a.young.userId]);

		await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.parent), goal: goalText('Walk to school') }, later(1));
		expect((await kindsFor(a.parent.userId)).filter((k) => k === 'goal_new')).toHaveLength(1);
		expect((await kindsFor(a.young.userId)).filter((k) => k === 'goal_new')).toHaveLength(2);
	});

	it('tells only the family members who agreed when a goal changes', async () => {
		const { a, b } = await twoFamilies();
		const goalId = await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Eat together') }, NOW);
		await recordPosition(db(), { familyId: a.familyId, goalId, actor: actor(a.parent), position: 'agree', reason: null }, NOW);
		await recordPosition(db(), { familyId: a.familyId, goalId, actor: actor(a.young), position: 'not_sure', reason: null }, NOW);
		await editGoal(db(), { familyId: a.familyId, goalId, actor: actor(a.lead), version: 1, goal: goalText('Eat together twice a week') }, later(1));
		await onlyTheseGet([a, b], 'goal_changed', [a.parent.userId]);
	});

	it('tells the person who disagreed when the worker answers, and nobody else', async () => {
		const { a, b } = await twoFamilies();
		const goalId = await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Tidy room') }, NOW);
		await recordPosition(db(), { familyId: a.familyId, goalId, actor: actor(a.young), position: 'disagree', reason: 'Too much' }, NOW);
		await replyToDisagreement(db(), { familyId: a.familyId, goalId, actor: actor(a.lead), personUserId: a.young.userId, reply: 'Shall we start small?' }, later(1));
		await onlyTheseGet([a, b], 'disagreement_reply', [a.young.userId]);
	});

	it('tells the family when a step is done', async () => {
		const { a, b } = await twoFamilies();
		const goalId = await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Bus pass') }, NOW);
		const actionId = await addAction(
			db(),
			{ familyId: a.familyId, goalId, actor: actor(a.lead), description: 'Fill the form', owner: { kind: 'worker', id: a.lead.workerId }, dueDate: '2026-11-30' },
			NOW
		);
		await setActionDone(db(), { familyId: a.familyId, goalId, actionId, actor: actor(a.lead), actorWorkerId: a.lead.workerId, doneOn: '2026-11-24' }, later(1));
		await onlyTheseGet([a, b], 'action_done', [a.parent.userId, a.young.userId]);
	});

	it('tells the family of a planned new worker', async () => {
		const { a, b } = await twoFamilies();
		const serviceId = (await db().selectFrom('worker').select('service_id').where('id', '=', a.lead.workerId).executeTakeFirstOrThrow()).service_id;
		const next = await addNamedWorker(db(), serviceId, 'Ola Nowak');
		await planHandover(db(), { familyId: a.familyId, toWorkerId: next.id, handoverOn: '2026-12-07', withinServiceId: null }, a.manager.userId, NOW);
		await onlyTheseGet([a, b], 'handover', [a.parent.userId, a.young.userId]);
		const line = (await listNews(db(), a.parent.userId)).items.find((i) => i.kind === 'handover');
		expect(line?.params).toEqual({ date: '2026-12-07' });
	});

	it('tells the author of a rating when the service replies, naming the service and not the person', async () => {
		const { a, b } = await twoFamilies();
		const service = await addService(db());
		const staff = await addNamedWorker(db(), service.id, 'Reply Person');
		const { ratingId } = await rateService(
			db(),
			{ userId: a.parent.userId, displayName: a.parent.name },
			{ id: service.id, ratingReplyDays: service.ratingReplyDays },
			{ score: 'good', whatWasGood: 'Kind', couldBeBetter: null, anonymous: true },
			null,
			NOW
		);
		await replyToRating(db(), ratingId, staff.userId, { body: 'Thank you', tag: 'thank_you' }, later(1));
		await onlyTheseGet([a, b], 'rating_reply', [a.parent.userId]);
		const line = (await listNews(db(), a.parent.userId)).items[0];
		expect(line).toMatchObject({ kind: 'rating_reply', serviceName: service.name, actorName: null, seen: false });
	});

	describe('replies to a young person’s view', () => {
		async function viewAndReply(f: PlanFamily, audience: ViewAudience): Promise<string> {
			const viewId = await createView(
				db(),
				{ familyId: f.familyId, authorUserId: f.young.userId, view: { prompt: 'home', feeling: 'okay', body: `About home ${newId()}`, audience } },
				NOW
			);
			const view = await findView(db(), viewId);
			if (!view) throw new Error('no view');
			await replyToView(db(), view, f.lead.userId, 'Thank you for telling me', later(1));
			return viewId;
		}

		it('reach the young person alone when the view was shared with the worker only', async () => {
			const { a, b } = await twoFamilies();
			await viewAndReply(a, 'worker');
			await onlyTheseGet([a, b], 'view_reply', [a.young.userId]);
			const line = (await listNews(db(), a.young.userId)).items[0];
			expect(line).toMatchObject({ kind: 'view_reply', actorName: a.lead.name, params: { own: 1 } });
		});

		it('reach the parents too when the view was shared with the family', async () => {
			const { a, b } = await twoFamilies();
			await viewAndReply(a, 'family');
			await onlyTheseGet([a, b], 'view_reply', [a.young.userId, a.parent.userId]);
			const line = (await listNews(db(), a.parent.userId)).items[0];
			expect(line?.params).toEqual({ own: 0 });
		});

		it('are taken back from the parents when the young person stops sharing the view with the family', async () => {
			const { a } = await twoFamilies();
			const viewId = await viewAndReply(a, 'family');
			const view = await findView(db(), viewId);
			if (!view) throw new Error('no view');
			await changeAudience(db(), view, 'worker', view.version, later(5));
			expect(await kindsFor(a.parent.userId)).not.toContain('view_reply');
			expect(await kindsFor(a.young.userId)).toContain('view_reply');
		});
	});

	it('opens and marks a line seen for its owner only; anyone else gets 404 and nothing changes', async () => {
		const { a, b } = await twoFamilies();
		await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Read together') }, NOW);
		const [line] = (await listNews(db(), a.parent.userId)).items;
		if (!line) throw new Error('no line');
		expect((await listNews(db(), a.parent.userId)).unseen).toBe(1);

		for (const other of [a.young.user, a.lead.user, a.manager.user, b.parent.user]) {
			expect(await rejection(requireOwnNewsItem(localsFor(db(), other), line.id))).toMatchObject({ status: 404 });
		}
		expect((await listNews(db(), a.parent.userId)).unseen).toBe(1);

		const own = await requireOwnNewsItem(localsFor(db(), a.parent.user), line.id);
		expect(own.user).toEqual(a.parent.user);
		expect(await openNews(db(), a.parent.userId, own.item, later(5))).toMatch(new RegExp(`^/family/${a.familyId}/plan/goals/`));
		expect((await listNews(db(), a.parent.userId)).unseen).toBe(0);
		expect((await listNews(db(), a.parent.userId)).items[0]?.seen).toBe(true);
		// The young person's own line is untouched by the parent opening theirs.
		expect((await listNews(db(), a.young.userId)).unseen).toBe(1);
	});

	it('lists newest first and pages to older lines', async () => {
		const { a } = await twoFamilies();
		for (let i = 0; i < 12; i += 1) {
			await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText(`Goal ${i}`) }, later(i));
		}
		const first = await listNews(db(), a.parent.userId);
		expect(first.items).toHaveLength(10);
		expect(first.unseen).toBe(12);
		const times = first.items.map((i) => i.createdAt);
		expect([...times].sort().reverse()).toEqual(times);
		expect(first.olderBefore).toBe(times.at(-1));
		const second = await listNews(db(), a.parent.userId, { before: first.olderBefore });
		expect(second.items).toHaveLength(2);
		expect(second.olderBefore).toBeNull();
	});

	it('sweeps steps due soon and review meetings coming up into the family’s news, once', async () => {
		const { a, b } = await twoFamilies();
		const goalId = await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('School mornings') }, NOW);
		await addAction(
			db(),
			{ familyId: a.familyId, goalId, actor: actor(a.lead), description: 'Soon', owner: { kind: 'member', id: a.parent.memberId }, dueDate: '2026-11-25' },
			NOW
		);
		await addAction(
			db(),
			{ familyId: a.familyId, goalId, actor: actor(a.lead), description: 'Later', owner: { kind: 'member', id: a.parent.memberId }, dueDate: '2026-12-20' },
			NOW
		);
		await scheduleReview(db(), { familyId: a.familyId, actor: actor(a.lead), date: '2026-11-28', place: 'Family hub' }, NOW);

		const first = await sweepDueNews(db(), NOW);
		expect(first).toBeGreaterThanOrEqual(4);
		await onlyTheseGet([a, b], 'action_due', [a.parent.userId, a.young.userId]);
		await onlyTheseGet([a, b], 'review_due', [a.parent.userId, a.young.userId]);
		const parentLines = (await listNews(db(), a.parent.userId, { limit: 100 })).items;
		expect(parentLines.filter((i) => i.kind === 'action_due').map((i) => i.params)).toEqual([{ date: '2026-11-25' }]);
		expect(parentLines.find((i) => i.kind === 'review_due')?.params).toEqual({ date: '2026-11-28' });

		const before = await db().selectFrom('news_item').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(await sweepDueNews(db(), later(60))).toBe(0);
		const after = await db().selectFrom('news_item').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('sweeps a city’s worth of dates coming up: more than one statement’s worth of values, taken in batches', async () => {
		const { a } = await twoFamilies();
		const goalId = await suggestGoal(db(), { familyId: a.familyId, actor: actor(a.lead), goal: goalText('Many small steps') }, NOW);
		// 3,500 steps due in two days: one list of their keys would be past SQLite's 32,766 values.
		const steps = Array.from({ length: 3500 }, (_, i) => ({
			id: `sweep-step-${i}`,
			goal_id: goalId,
			description: `Step ${i}`,
			owner_member_id: a.parent.memberId,
			owner_worker_id: null,
			owner_service_name: null,
			due_date: '2026-11-26',
			done_on: null,
			created_at: NOW.toISOString(),
			created_by_user_id: a.lead.userId
		}));
		for (let i = 0; i < steps.length; i += 500) await db().insertInto('goal_action').values(steps.slice(i, i + 500)).execute();
		expect(await sweepDueNews(db(), NOW)).toBeGreaterThanOrEqual(2 * steps.length);
		expect(await sweepDueNews(db(), later(60))).toBe(0);
		const lines = await db()
			.selectFrom('news_item')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('user_id', '=', a.parent.userId)
			.where('kind', '=', 'action_due')
			.executeTakeFirstOrThrow();
		expect(Number(lines.n)).toBe(steps.length);
	});
});
