import { expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import { newId, toTimestamp } from '$lib/server/ids';
import {
	requireFamilyRequests,
	requireOwnRequest,
	requireRequestAccess,
	requireRequestAsking,
	requireRequestPassOn,
	requireServiceRequest,
	requireServiceRequests
} from '$lib/server/policy';
import {
	RequestRuleError,
	actionRequestStatuses,
	answerQuestion,
	askForHelp,
	decideRequest,
	getRequest,
	listFamilyRequests,
	listLeadRequests,
	listServiceRequests,
	passOnRequest,
	sharedPlanFor,
	waitingTimes,
	withdrawConsent
} from '$lib/server/requests/requests.service';
import { deleteFamilyRecord } from '$lib/server/retention/retention.repository';
import { restrictFamily } from '$lib/server/retention/retention.service';
import type { User } from '$lib/server/users/users.service';
import { createWorker } from '$lib/server/workers/workers.service';
import { REQUEST_LIMITS, parseAsk, parseWorkerNote, type AskInput } from '$lib/requests/requests';
import { describeEachDatabase } from './support/databases';
import { addPlanFamily, addService, asUser, localsFor, rejection, uniqueName, type PlanFamily } from './support/fixtures';

// Families ask services for help. The service's staff see only the parts of the plan the family
// chose to share, and nothing once the family withdraws consent; another family never sees the
// request; news of each change reaches the family (and the lead worker when the family acts) in
// the change's own transaction.

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

interface World {
	a: PlanFamily;
	b: PlanFamily;
	serviceId: string;
	staff: User;
	/** A worker of another service, who has no part in the request. */
	outsider: User;
	goals: { money: string; school: string };
	plan: { goingWell: string; worried: string };
	actionId: string;
}

async function addPlan(db: DB, family: PlanFamily, label: string) {
	const planId = newId();
	const at = toTimestamp(NOW);
	await db
		.insertInto('plan')
		.values({
			id: planId,
			family_id: family.familyId,
			going_well: `${label}: the children are happy at school`,
			worried_about: `${label}: the bills are piling up`,
			needs_to_happen: `${label}: a plan for the bills`,
			version: 0,
			created_at: at,
			updated_at: at,
			updated_by_user_id: family.lead.userId
		})
		.execute();
	const goal = async (title: string) => {
		const id = newId();
		await db
			.insertInto('goal')
			.values({
				id,
				plan_id: planId,
				title,
				why_it_matters: 'It matters',
				how_we_know: `We will know when ${title}`,
				outcome_area: 'economic_wellbeing',
				status: 'working_on',
				stopped_reason: null,
				suggested_by_user_id: family.parent.userId,
				version: 0,
				created_at: at,
				updated_at: at,
				updated_by_user_id: family.parent.userId
			})
			.execute();
		return id;
	};
	const money = await goal(`${label} money goal`);
	const school = await goal(`${label} school goal`);
	const actionId = newId();
	await db
		.insertInto('goal_action')
		.values({
			id: actionId,
			goal_id: money,
			description: 'Ask the debt advice service for help',
			owner_member_id: family.parent.memberId,
			owner_worker_id: null,
			owner_service_name: null,
			due_date: '2026-12-01',
			done_on: null,
			created_at: at,
			created_by_user_id: family.lead.userId
		})
		.execute();
	return { money, school, actionId };
}

async function world(db: DB): Promise<World> {
	const a = await addPlanFamily(db, uniqueName('A'));
	const b = await addPlanFamily(db, uniqueName('B'));
	const service = await addService(db, uniqueName('Debt advice'));
	const staffWorker = await createWorker(db, {
		username: uniqueName('staff'),
		displayName: 'Kim Staff',
		role: 'worker',
		serviceId: service.id,
		jobTitle: 'Adviser',
		passwordHash: null
	});
	const otherService = await addService(db);
	const outsider = await createWorker(db, {
		username: uniqueName('outsider'),
		displayName: 'Olly Outsider',
		role: 'manager',
		serviceId: otherService.id,
		jobTitle: 'Manager',
		passwordHash: null
	});
	const planA = await addPlan(db, a, 'A');
	await addPlan(db, b, 'B');
	return {
		a,
		b,
		serviceId: service.id,
		staff: asUser(staffWorker),
		outsider: asUser(outsider),
		goals: { money: planA.money, school: planA.school },
		plan: { goingWell: 'A: the children are happy at school', worried: 'A: the bills are piling up' },
		actionId: planA.actionId
	};
}

const input = (over: Partial<AskInput> = {}): AskInput => ({
	helpWanted: 'We are behind with the bills and would like a plan to pay them back.',
	route: 'self',
	sections: [],
	goalIds: [],
	actionId: null,
	...over
});

async function status(promise: Promise<unknown>): Promise<number | undefined> {
	return ((await rejection(promise)) as { status?: number }).status;
}

describeEachDatabase('asking a service for help', (database) => {
	const db = () => database.db;

	it('reads the form: required, too short, too long, keeps what was typed, and only the routes offered', () => {
		const form = (entries: [string, string][]) => {
			const f = new FormData();
			for (const [k, v] of entries) f.append(k, v);
			return f;
		};
		expect(parseAsk(form([]), ['self']).errors).toEqual({ help_wanted: 'requests:ask.errors.help_wanted.required' });
		const short = parseAsk(form([['help_wanted', 'help']]), ['self']);
		expect(short.errors.help_wanted).toBe('requests:ask.errors.help_wanted.too_short');
		expect(short.values.help_wanted).toBe('help');
		expect(parseAsk(form([['help_wanted', 'x'.repeat(2001)]]), ['self']).errors.help_wanted).toBe('requests:ask.errors.help_wanted.too_long');
		const noRoute = parseAsk(form([['help_wanted', 'Help with the bills please'], ['share', 'going_well']]), ['self', 'worker']);
		expect(noRoute.errors).toEqual({ route: 'requests:ask.errors.route.required' });
		expect(noRoute.values.share).toEqual(['going_well']);
		const ok = parseAsk(form([['help_wanted', 'Help with the bills please'], ['route', 'worker'], ['share', 'goal:g1'], ['share', 'worried_about']]), ['self', 'worker']);
		expect(ok.input).toMatchObject({ route: 'worker', goalIds: ['g1'], sections: ['worried_about'] });
	});

	it('lets a family member ask; staff, other services and anonymous people may not', async () => {
		const w = await world(db());
		const asking = await requireRequestAsking(localsFor(db(), w.a.parent.user), w.serviceId);
		expect(asking.access.familyId).toBe(w.a.familyId);
		expect(asking.routes).toEqual(['self', 'worker']);
		expect((await requireRequestAsking(localsFor(db(), w.a.young.user), w.serviceId)).access.familyId).toBe(w.a.familyId);
		expect(await status(requireRequestAsking(localsFor(db(), w.staff), w.serviceId))).toBe(403);
		expect(await status(requireRequestAsking(localsFor(db(), w.a.lead.user), w.serviceId))).toBe(403);
		expect(await status(requireRequestAsking(localsFor(db(), w.a.parent.user), 'no-such-service'))).toBe(404);
		expect(await status(requireRequestAsking(localsFor(db(), null), w.serviceId))).toBe(303);
		// A service nobody here answers for takes no requests.
		const unstaffed = await addService(db());
		expect(await status(requireRequestAsking(localsFor(db(), w.a.parent.user), unstaffed.id))).toBe(403);
	});

	it('shows the service exactly the parts the family shared, and nothing once they withdraw', async () => {
		const w = await world(db());
		const id = await askForHelp(
			db(),
			{ userId: w.a.parent.userId },
			w.a.familyId,
			w.serviceId,
			input({ sections: ['going_well'], goalIds: [w.goals.money] }),
			NOW
		);
		const { request } = await requireServiceRequest(localsFor(db(), w.staff), w.serviceId, id);
		const shared = await sharedPlanFor(db(), { id, familyId: request.family_id, consentWithdrawn: false });
		expect(shared.sections).toEqual([{ section: 'going_well', text: w.plan.goingWell }]);
		expect(shared.goals.map((g) => g.id)).toEqual([w.goals.money]);
		// Not what they kept back: the worries, the other goal.
		expect(JSON.stringify(shared)).not.toContain(w.plan.worried);
		expect(JSON.stringify(shared)).not.toContain('school goal');

		await withdrawConsent(db(), (await getRequest(db(), id, NOW))!, NOW);
		const after = (await getRequest(db(), id, NOW))!;
		expect(after.consentWithdrawn).toBe(true);
		expect(await sharedPlanFor(db(), after)).toEqual({ sections: [], goals: [] });
		// Even if the request were read as before, nothing is left to share.
		expect(await sharedPlanFor(db(), { ...after, consentWithdrawn: false })).toEqual({ sections: [], goals: [] });
	});

	it('refuses to share a goal from another family’s plan', async () => {
		const w = await world(db());
		const bGoal = await db().selectFrom('goal').innerJoin('plan', 'plan.id', 'goal.plan_id').select('goal.id').where('plan.family_id', '=', w.b.familyId).executeTakeFirstOrThrow();
		const err = await rejection(askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input({ goalIds: [bGoal.id] }), NOW));
		expect(err).toBeInstanceOf(RequestRuleError);
		expect(await listFamilyRequests(db(), w.a.familyId, null, NOW)).toEqual([]);
	});

	it('opens a request per role: asker, other parent rules, lead yes; team, manager, other family, other service no', async () => {
		const w = await world(db());
		const parentAsked = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input(), NOW);
		const youngAsked = await askForHelp(db(), { userId: w.a.young.userId }, w.a.familyId, w.serviceId, input(), NOW);

		expect((await requireRequestAccess(localsFor(db(), w.a.parent.user), w.a.familyId, parentAsked)).request.id).toBe(parentAsked);
		expect((await requireRequestAccess(localsFor(db(), w.a.young.user), w.a.familyId, youngAsked)).request.id).toBe(youngAsked);
		expect((await requireRequestAccess(localsFor(db(), w.a.lead.user), w.a.familyId, youngAsked)).request.id).toBe(youngAsked);
		// A young person's own request is theirs: their parent does not see it.
		expect(await status(requireRequestAccess(localsFor(db(), w.a.parent.user), w.a.familyId, youngAsked))).toBe(404);
		// The team and the lead's manager read the plan, but not the family's requests.
		expect(await status(requireRequestAccess(localsFor(db(), w.a.team.user), w.a.familyId, parentAsked))).toBe(404);
		expect(await status(requireRequestAccess(localsFor(db(), w.a.manager.user), w.a.familyId, parentAsked))).toBe(404);
		expect(await status(requireFamilyRequests(localsFor(db(), w.a.team.user), w.a.familyId))).toBe(403);
		// Family B: not in their family (404), and not under their own family's address either.
		expect(await status(requireRequestAccess(localsFor(db(), w.b.parent.user), w.a.familyId, parentAsked))).toBe(404);
		expect(await status(requireRequestAccess(localsFor(db(), w.b.parent.user), w.b.familyId, parentAsked))).toBe(404);
		expect(await status(requireFamilyRequests(localsFor(db(), w.b.parent.user), w.a.familyId))).toBe(404);
		expect(await listFamilyRequests(db(), w.b.familyId, w.b.parent.user, NOW)).toEqual([]);
		// Only the member who sees it answers or withdraws; the lead reads (403).
		expect(await status(requireOwnRequest(localsFor(db(), w.a.lead.user), w.a.familyId, parentAsked))).toBe(403);
		// Staff of the service asked: yes. Another service's staff: 403 on the list; the family's lead worker (another service): 403.
		expect((await requireServiceRequests(localsFor(db(), w.staff), w.serviceId)).service.id).toBe(w.serviceId);
		expect(await status(requireServiceRequests(localsFor(db(), w.outsider), w.serviceId))).toBe(403);
		expect(await status(requireServiceRequest(localsFor(db(), w.a.lead.user), w.serviceId, parentAsked))).toBe(403);
		expect(await status(requireServiceRequest(localsFor(db(), w.a.parent.user), w.serviceId, parentAsked))).toBe(403);
		expect(await status(requireServiceRequest(localsFor(db(), w.staff), w.serviceId, 'no-such-request'))).toBe(404);
		// Under another service's address, this service's request does not exist.
		const outsiderService = (await db().selectFrom('worker').select('service_id').where('user_id', '=', w.outsider.id).executeTakeFirstOrThrow()).service_id;
		expect(await status(requireServiceRequest(localsFor(db(), w.outsider), outsiderService, parentAsked))).toBe(404);
	});

	it('notes each request in the family’s audit trail', async () => {
		const w = await world(db());
		const id = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input(), NOW);
		const family = localsFor(db(), w.a.parent.user);
		await requireRequestAccess(family, w.a.familyId, id);
		expect(family.audit.touches().map((t) => t.familyId)).toContain(w.a.familyId);
		const staff = localsFor(db(), w.staff);
		await requireServiceRequest(staff, w.serviceId, id);
		expect(staff.audit.touches().map((t) => t.familyId)).toContain(w.a.familyId);
	});

	it('accepts, declines with a reason, asks and answers, each with news in the same transaction', async () => {
		const w = await world(db());
		const id = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input({ actionId: w.actionId }), NOW);
		const news = () => db().selectFrom('news_item').select(['user_id', 'kind', 'subject_id', 'link', 'params']).where('subject_id', '=', id).orderBy('created_at').execute();

		await decideRequest(db(), w.staff.id, (await getRequest(db(), id, NOW))!, { kind: 'question', question: 'How much is owed?' }, NOW);
		let items = await news();
		expect(items.map((n) => n.user_id)).toEqual([w.a.parent.userId]);
		expect(items[0]).toMatchObject({ kind: 'request_update', link: `/family/${w.a.familyId}/requests/${id}` });
		expect(JSON.parse(items[0]!.params)).toEqual({ status: 'question' });

		const later = new Date(NOW.getTime() + 1000);
		await answerQuestion(db(), w.a.parent.userId, (await getRequest(db(), id, later))!, 'About £800', later);
		items = await news();
		// The family acted: their lead worker hears, the one who answered does not.
		expect(items.slice(1).map((n) => n.user_id)).toEqual([w.a.lead.userId]);
		expect((await getRequest(db(), id, later))!.status).toBe('waiting');

		// A stale version (the form was open before the answer) changes nothing and publishes nothing.
		const stale = { ...(await getRequest(db(), id, later))!, version: 0 };
		expect(await rejection(decideRequest(db(), w.staff.id, stale, { kind: 'accept' }, later))).toBeInstanceOf(RequestRuleError);
		expect(await news()).toHaveLength(2);

		const decided = new Date(NOW.getTime() + 3 * DAY);
		await decideRequest(db(), w.staff.id, (await getRequest(db(), id, decided))!, { kind: 'accept' }, decided);
		const done = (await getRequest(db(), id, decided))!;
		expect(done).toMatchObject({ status: 'accepted', daysWaited: 3 });
		expect(JSON.parse((await news()).at(-1)!.params)).toEqual({ status: 'accepted' });
		// Decided requests stay decided.
		expect(await rejection(decideRequest(db(), w.staff.id, done, { kind: 'decline', reason: 'No' }, decided))).toBeInstanceOf(RequestRuleError);
		// The plan shows the request beside its action.
		expect(await actionRequestStatuses(db(), w.a.familyId, w.a.parent.user)).toEqual({ [w.actionId]: { id, status: 'accepted' } });
	});

	it('tells only the young person about their own request', async () => {
		const w = await world(db());
		const id = await askForHelp(db(), { userId: w.a.young.userId }, w.a.familyId, w.serviceId, input(), NOW);
		await decideRequest(db(), w.staff.id, (await getRequest(db(), id, NOW))!, { kind: 'decline', reason: 'We only help adults. Try the youth service.' }, NOW);
		const users = await db().selectFrom('news_item').select('user_id').where('subject_id', '=', id).execute();
		expect(users.map((u) => u.user_id)).toEqual([w.a.young.userId]);
		expect(await actionRequestStatuses(db(), w.a.familyId, w.a.parent.user)).toEqual({});
	});

	it('lists open requests for the lead worker, and waiting times by month for managers', async () => {
		const w = await world(db());
		const old = new Date(NOW.getTime() - 40 * DAY);
		const first = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input(), old);
		await decideRequest(db(), w.staff.id, (await getRequest(db(), first, old))!, { kind: 'accept' }, new Date(old.getTime() + 10 * DAY));
		const twelve = new Date(NOW.getTime() - 12 * DAY);
		const open = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input(), twelve);

		const lead = await listLeadRequests(db(), w.a.lead.userId, NOW);
		expect(lead.map((r) => [r.id, r.daysWaited])).toEqual([[open, 12]]);
		expect(await listLeadRequests(db(), w.b.lead.userId, NOW)).toEqual([]);

		const months = await waitingTimes(db(), w.serviceId, NOW);
		expect(months).toHaveLength(6);
		const withRequests = months.filter((m) => m.count > 0);
		expect(withRequests.map((m) => [m.month, m.count, m.medianDays, m.longestDays])).toEqual([
			['2026-10', 1, 10, 10],
			['2026-11', 1, 12, 12]
		]);
	});

	it('refuses asking for a family on hold, and closes its requests to staff', async () => {
		const w = await world(db());
		const id = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input(), NOW);
		await restrictFamily(db(), w.a.familyId, 'erasure_request', NOW);
		expect(await status(requireRequestAsking(localsFor(db(), w.a.parent.user), w.serviceId))).toBe(403);
		expect(await status(requireServiceRequest(localsFor(db(), w.staff), w.serviceId, id))).toBe(403);
		// The family still reads it.
		expect((await requireRequestAccess(localsFor(db(), w.a.parent.user), w.a.familyId, id)).request.id).toBe(id);
	});

	it('goes with the family’s record', async () => {
		const w = await world(db());
		await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input({ sections: ['going_well'], goalIds: [w.goals.money] }), NOW);
		await askForHelp(db(), { userId: w.b.parent.userId }, w.b.familyId, w.serviceId, input(), NOW);
		const counts = await db().transaction().execute((trx) => deleteFamilyRecord(trx, w.a.familyId));
		expect(counts.service_request).toBe(1);
		expect(counts.service_request_share).toBe(2);
		expect(await listFamilyRequests(db(), w.a.familyId, null, NOW)).toEqual([]);
		expect(await listFamilyRequests(db(), w.b.familyId, null, NOW)).toHaveLength(1);
	});

	it('keeps a request asked through the worker from the service until the lead passes it on, with a note and news', async () => {
		const w = await world(db());
		const asked = new Date(NOW.getTime() - 5 * DAY);
		const id = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input({ route: 'worker', sections: ['going_well'] }), asked);
		expect((await getRequest(db(), id, NOW))!).toMatchObject({ status: 'with_worker', daysWaited: 5, passedOnAt: null });

		// The service does not know of it yet: not in its list, its page 404s, it cannot be decided, no figures.
		const staff = localsFor(db(), w.staff);
		expect(await listServiceRequests(db(), w.serviceId, NOW)).toEqual([]);
		expect(await status(requireServiceRequest(staff, w.serviceId, id))).toBe(404);
		expect(await rejection(decideRequest(db(), w.staff.id, (await getRequest(db(), id, NOW))!, { kind: 'accept' }, NOW))).toBeInstanceOf(RequestRuleError);
		expect((await waitingTimes(db(), w.serviceId, NOW)).reduce((n, m) => n + m.count, 0)).toBe(0);
		// The family sees it; the lead worker has it waiting on them.
		expect((await listFamilyRequests(db(), w.a.familyId, w.a.parent.user, NOW)).map((r) => r.status)).toEqual(['with_worker']);
		expect((await listLeadRequests(db(), w.a.lead.userId, NOW)).map((r) => [r.id, r.status])).toEqual([[id, 'with_worker']]);

		// Only the family's lead worker passes it on: the asker, the team and the manager may not.
		expect((await requireRequestPassOn(localsFor(db(), w.a.lead.user), w.a.familyId, id)).request.id).toBe(id);
		expect(await status(requireRequestPassOn(localsFor(db(), w.a.parent.user), w.a.familyId, id))).toBe(403);
		expect(await status(requireRequestPassOn(localsFor(db(), w.a.team.user), w.a.familyId, id))).toBe(404);
		expect(await status(requireRequestPassOn(localsFor(db(), w.a.manager.user), w.a.familyId, id))).toBe(404);
		expect(await status(requireRequestPassOn(localsFor(db(), w.b.lead.user), w.a.familyId, id))).toBe(404);
		expect(await status(requireRequestPassOn(localsFor(db(), w.staff), w.a.familyId, id))).toBe(404);

		// The note: optional, trimmed, and no longer than the limit (what was typed is kept).
		const form = (note: string) => {
			const f = new FormData();
			f.append('worker_note', note);
			return f;
		};
		expect(parseWorkerNote(form('  ')).note).toBeNull();
		const long = parseWorkerNote(form('x'.repeat(REQUEST_LIMITS.workerNote + 1)));
		expect(long.errors).toEqual({ worker_note: 'requests:errors.worker_note.too_long' });
		expect(long.values.worker_note).toHaveLength(REQUEST_LIMITS.workerNote + 1);

		// A stale page (version 0 after a change) is refused and nothing is saved or published.
		const news = () => db().selectFrom('news_item').select(['user_id', 'params', 'kind']).where('subject_id', '=', id).execute();
		// (Someone else changed it meanwhile: the version moved on.)
		await db().updateTable('service_request').set({ version: 1 }).where('id', '=', id).execute();
		const stale = { ...(await getRequest(db(), id, NOW))!, version: 0 };
		expect(await rejection(passOnRequest(db(), w.a.lead.userId, stale, 'Please call her in the mornings.', NOW))).toBeInstanceOf(RequestRuleError);
		expect((await getRequest(db(), id, NOW))!).toMatchObject({ status: 'with_worker', workerNote: null });
		expect(await news()).toEqual([]);

		const note = 'Please call Amira in the mornings; she works afternoons.';
		await passOnRequest(db(), w.a.lead.userId, (await getRequest(db(), id, NOW))!, note, NOW);
		const passed = (await getRequest(db(), id, NOW))!;
		// The wait is still the family's, from when they asked.
		expect(passed).toMatchObject({ status: 'waiting', workerNote: note, passedOnAt: toTimestamp(NOW), daysWaited: 5 });
		const row = await db().selectFrom('service_request').select('passed_on_by_user_id').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.passed_on_by_user_id).toBe(w.a.lead.userId);
		// The family hears it is with the service; the lead, who did it, does not.
		const items = await news();
		expect(items.map((n) => n.user_id)).toEqual([w.a.parent.userId]);
		expect(items[0]!.kind).toBe('request_update');
		expect(JSON.parse(items[0]!.params)).toEqual({ status: 'waiting' });

		// Now the service sees it, with the worker's note, and may decide it; passing on twice is refused.
		expect((await listServiceRequests(db(), w.serviceId, NOW)).map((r) => r.id)).toEqual([id]);
		expect((await requireServiceRequest(staff, w.serviceId, id)).request.worker_note).toBe(note);
		expect(await rejection(passOnRequest(db(), w.a.lead.userId, passed, null, NOW))).toBeInstanceOf(RequestRuleError);
		const months = await waitingTimes(db(), w.serviceId, NOW);
		expect(months.filter((m) => m.count > 0).map((m) => [m.count, m.longestDays])).toEqual([[1, 5]]);
	});

	it('refuses passing on for a family on hold', async () => {
		const w = await world(db());
		const id = await askForHelp(db(), { userId: w.a.parent.userId }, w.a.familyId, w.serviceId, input({ route: 'worker' }), NOW);
		await restrictFamily(db(), w.a.familyId, 'erasure_request', NOW);
		expect(await status(requireRequestPassOn(localsFor(db(), w.a.lead.user), w.a.familyId, id))).toBe(403);
		expect((await getRequest(db(), id, NOW))!.status).toBe('with_worker');
	});
});
