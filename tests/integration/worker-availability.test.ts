import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { getFamilyOverview, type FamilyOverview } from '$lib/server/families/families.service';
import { newId, toTimestamp } from '$lib/server/ids';
import { addAction, changeGoalStatus, setActionDone, suggestGoal } from '$lib/server/plans/plans.service';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { preparePhoto } from '$lib/server/workers/photo';
import {
	ABSENCE_NOTICE_DAYS,
	AvailabilityRuleError,
	addAbsence,
	getWorkerPhoto,
	getWorkerProfile,
	listCoverFor,
	listPossibleCover,
	removeAbsence,
	removePhoto,
	saveContact,
	saveHours,
	savePhoto,
	type NewAbsence
} from '$lib/server/workers/profile.service';
import { getSupportTeam } from '$lib/server/workers/support-team.service';
import type { Worker } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addPlanFamily, addService, countRows, rejection, uniqueName } from './support/fixtures';
import { addNamedWorker, assignAt } from './support/worker-fixtures';

// A worker's hours, time away with cover, and photo; and how they reach the family's card and the
// manager's page.

const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Noon on a UK date (in winter UK time is UTC). */
const on = (date: string) => new Date(`${date}T12:00:00.000Z`);

describeEachDatabase('worker availability', (database) => {
	const db = () => database.db;

	/** A service with a few named workers and a manager. */
	async function team() {
		const serviceId = (await addService(db())).id;
		const otherServiceId = (await addService(db())).id;
		const jo = await addNamedWorker(db(), serviceId, 'Jo Bennett', { phone: '0161 496 0123', email: 'jo@example.org' });
		const priya = await addNamedWorker(db(), serviceId, 'Priya Sharma', {
			phone: '0161 496 0145',
			email: 'priya@example.org'
		});
		const chris = await addNamedWorker(db(), serviceId, 'Chris Doyle', { phone: '0161 496 0156' });
		const sam = await addNamedWorker(db(), otherServiceId, 'Sam Taylor', { phone: '0161 496 0178', jobTitle: 'Pastoral lead' });
		const morgan = await addNamedWorker(db(), serviceId, 'Morgan Ellis', { role: 'manager' });
		return { serviceId, otherServiceId, jo, priya, chris, sam, morgan };
	}

	const away = (worker: Worker, startsOn: string, endsOn: string, cover: Worker | null, now = NOW) =>
		addAbsence(db(), { workerId: worker.id, startsOn, endsOn, coverWorkerId: cover?.id ?? null }, worker.userId, now);

	const absencesOf = (workerId: string) =>
		db().selectFrom('worker_absence').select(['starts_on', 'ends_on', 'cover_worker_id']).where('worker_id', '=', workerId).execute();

	async function rule(promise: Promise<unknown>): Promise<[string, string]> {
		const error = await rejection(promise);
		expect(error).toBeInstanceOf(AvailabilityRuleError);
		return [(error as AvailabilityRuleError).code, (error as AvailabilityRuleError).field];
	}

	async function overview(familyId: string, now = NOW): Promise<FamilyOverview> {
		const found = await getFamilyOverview(db(), familyId, now);
		if (!found) throw new Error(`No family ${familyId}`);
		return found;
	}

	describe('working hours', () => {
		it('replaces the whole week each time, and can clear it', async () => {
			const { jo } = await team();
			await saveHours(db(), jo.id, [
				{ weekday: 5, startsAt: '09:00', endsAt: '13:00' },
				{ weekday: 1, startsAt: '09:00', endsAt: '17:00' }
			]);
			expect((await getWorkerProfile(db(), jo.id, NOW))?.hours).toEqual([
				{ weekday: 1, startsAt: '09:00', endsAt: '17:00' },
				{ weekday: 5, startsAt: '09:00', endsAt: '13:00' }
			]);
			await saveHours(db(), jo.id, [{ weekday: 3, startsAt: '10:00', endsAt: '14:00' }]);
			expect((await getWorkerProfile(db(), jo.id, NOW))?.hours).toEqual([{ weekday: 3, startsAt: '10:00', endsAt: '14:00' }]);
			await saveHours(db(), jo.id, []);
			expect((await getWorkerProfile(db(), jo.id, NOW))?.hours).toEqual([]);
		});

		it('keeps the old week when the new one is refused by the database', async () => {
			const { jo } = await team();
			await saveHours(db(), jo.id, [{ weekday: 2, startsAt: '09:00', endsAt: '17:00' }]);
			// A day that ends before it starts, and a day 8, are refused by the table's checks.
			await expect(saveHours(db(), jo.id, [{ weekday: 1, startsAt: '17:00', endsAt: '09:00' }])).rejects.toThrow();
			await expect(
				saveHours(db(), jo.id, [{ weekday: 8 as 1, startsAt: '09:00', endsAt: '17:00' }])
			).rejects.toThrow();
			await expect(
				saveHours(db(), jo.id, [
					{ weekday: 1, startsAt: '09:00', endsAt: '12:00' },
					{ weekday: 1, startsAt: '13:00', endsAt: '17:00' }
				])
			).rejects.toThrow();
			expect((await getWorkerProfile(db(), jo.id, NOW))?.hours).toEqual([{ weekday: 2, startsAt: '09:00', endsAt: '17:00' }]);
		});
	});

	describe('contact and profile', () => {
		it('reads a worker’s profile with their service, contact and time away not yet over', async () => {
			const { jo, priya, serviceId } = await team();
			await away(jo, '2026-11-01', '2026-11-05', null, on('2026-10-01'));
			await away(jo, '2026-11-20', '2026-11-25', priya);
			await away(jo, '2027-01-04', '2027-01-08', null);
			await saveContact(db(), jo.id, { phone: '07700 900123', email: null });

			expect(await getWorkerProfile(db(), jo.id, NOW)).toEqual({
				id: jo.id,
				userId: jo.userId,
				serviceId,
				serviceName: jo.serviceName,
				displayName: 'Jo Bennett',
				jobTitle: 'Family support worker',
				phone: '07700 900123',
				email: null,
				photoVersion: null,
				hours: [],
				absences: [
					{
						id: expect.any(String),
						startsOn: '2026-11-20',
						endsOn: '2026-11-25',
						current: true,
						cover: { displayName: 'Priya Sharma', jobTitle: 'Family support worker', phone: '0161 496 0145', email: 'priya@example.org' }
					},
					{ id: expect.any(String), startsOn: '2027-01-04', endsOn: '2027-01-08', current: false, cover: null }
				]
			});
			expect(await getWorkerProfile(db(), 'no-such-worker', NOW)).toBeNull();
		});

		it('offers colleagues in the same service as cover, not the worker or other services', async () => {
			const { jo, priya, chris, morgan } = await team();
			const profile = await getWorkerProfile(db(), jo.id, NOW);
			expect((await listPossibleCover(db(), profile!)).map((w) => w.id).sort()).toEqual([priya.id, chris.id, morgan.id].sort());
		});
	});

	describe('time away', () => {
		it('books time away with a colleague covering', async () => {
			const { jo, priya } = await team();
			const id = await away(jo, '2026-12-10', '2026-12-14', priya);
			expect(await db().selectFrom('worker_absence').selectAll().where('id', '=', id).executeTakeFirst()).toEqual({
				id,
				worker_id: jo.id,
				starts_on: '2026-12-10',
				ends_on: '2026-12-14',
				cover_worker_id: priya.id,
				created_by_user_id: jo.userId,
				created_at: toTimestamp(NOW)
			});
			expect(await listCoverFor(db(), priya.id, NOW)).toEqual([
				{ id, forName: 'Jo Bennett', startsOn: '2026-12-10', endsOn: '2026-12-14' }
			]);
			expect(await listCoverFor(db(), jo.id, NOW)).toEqual([]);
			// Once over, it leaves the cover's list.
			expect(await listCoverFor(db(), priya.id, on('2026-12-15'))).toEqual([]);
			expect(await listCoverFor(db(), priya.id, on('2026-12-14'))).toHaveLength(1);
		});

		it('refuses time away overlapping time already booked, even by one day', async () => {
			const { jo } = await team();
			await away(jo, '2026-12-10', '2026-12-14', null);
			for (const [startsOn, endsOn] of [
				['2026-12-14', '2026-12-20'],
				['2026-12-01', '2026-12-10'],
				['2026-12-11', '2026-12-12'],
				['2026-12-01', '2026-12-31']
			] as const) {
				expect(await rule(away(jo, startsOn, endsOn, null))).toEqual(['overlap', 'startsOn']);
			}
			// The day after and the day before are free.
			await away(jo, '2026-12-15', '2026-12-16', null);
			await away(jo, '2026-12-09', '2026-12-09', null);
			expect(await absencesOf(jo.id)).toHaveLength(3);
		});

		it('refuses cover from another service, or by someone who does not exist', async () => {
			const { jo, sam } = await team();
			expect(await rule(away(jo, '2026-12-10', '2026-12-14', sam))).toEqual(['cover_unknown', 'coverWorkerId']);
			expect(
				await rule(
					addAbsence(db(), { workerId: jo.id, startsOn: '2026-12-10', endsOn: '2026-12-14', coverWorkerId: 'no-such-worker' }, jo.userId, NOW)
				)
			).toEqual(['cover_unknown', 'coverWorkerId']);
			expect(await absencesOf(jo.id)).toEqual([]);
		});

		it('refuses cover by someone who is away on any of those days', async () => {
			const { jo, priya, chris } = await team();
			await away(priya, '2026-12-14', '2026-12-18', chris);
			expect(await rule(away(jo, '2026-12-10', '2026-12-14', priya))).toEqual(['cover_away', 'coverWorkerId']);
			expect(await absencesOf(jo.id)).toEqual([]);
			// Priya is back on the 19th.
			await away(jo, '2026-12-19', '2026-12-21', priya);
			expect(await absencesOf(jo.id)).toEqual([{ starts_on: '2026-12-19', ends_on: '2026-12-21', cover_worker_id: priya.id }]);
		});

		it('refuses time away on days the worker has promised to cover for someone, until other cover is found', async () => {
			const { jo, priya, chris } = await team();
			await away(jo, '2026-12-14', '2026-12-18', priya);
			expect(await rule(away(priya, '2026-12-18', '2026-12-22', null))).toEqual(['covering_then', 'startsOn']);
			expect(await absencesOf(priya.id)).toEqual([]);
			// The day after Jo is back is free, and so is everything once Jo's cover changes.
			await away(priya, '2026-12-19', '2026-12-22', null);
			const [joAway] = await db().selectFrom('worker_absence').select('id').where('worker_id', '=', jo.id).execute();
			await removeAbsence(db(), jo.id, joAway?.id ?? '');
			await away(jo, '2026-12-14', '2026-12-18', chris);
			await away(priya, '2026-12-14', '2026-12-18', null);
			expect((await absencesOf(priya.id)).map((a) => a.starts_on).sort()).toEqual(['2026-12-14', '2026-12-19']);
		});

		it('refuses a worker covering themselves, in the service and in the database', async () => {
			const { jo } = await team();
			expect(await rule(away(jo, '2026-12-10', '2026-12-14', jo))).toEqual(['cover_is_self', 'coverWorkerId']);
			const row = {
				id: newId(),
				worker_id: jo.id,
				starts_on: '2026-12-10',
				ends_on: '2026-12-14',
				cover_worker_id: jo.id,
				created_by_user_id: jo.userId,
				created_at: toTimestamp(NOW)
			};
			await expect(db().insertInto('worker_absence').values(row).execute()).rejects.toThrow();
			await expect(
				db()
					.insertInto('worker_absence')
					.values({ ...row, cover_worker_id: null, starts_on: '2026-12-15' })
					.execute()
			).rejects.toThrow();
			expect(await absencesOf(jo.id)).toEqual([]);
			// Without either fault the row goes in.
			await db().insertInto('worker_absence').values({ ...row, cover_worker_id: null }).execute();
			expect(await absencesOf(jo.id)).toHaveLength(1);
		});

		it('fails plainly for a worker that does not exist', async () => {
			const input: NewAbsence = { workerId: 'no-such-worker', startsOn: '2026-12-10', endsOn: '2026-12-14', coverWorkerId: null };
			const error = await rejection(addAbsence(db(), input, 'nobody', NOW));
			expect(error).not.toBeInstanceOf(AvailabilityRuleError);
		});

		it('cancels only the worker’s own time away', async () => {
			const { jo, priya } = await team();
			const id = await away(jo, '2026-12-10', '2026-12-14', priya);
			expect(await removeAbsence(db(), priya.id, id)).toBe(false);
			expect(await absencesOf(jo.id)).toHaveLength(1);
			expect(await removeAbsence(db(), jo.id, id)).toBe(true);
			expect(await removeAbsence(db(), jo.id, id)).toBe(false);
			expect(await absencesOf(jo.id)).toEqual([]);
			expect(await listCoverFor(db(), priya.id, NOW)).toEqual([]);
		});
	});

	describe('the family’s card', () => {
		async function cardFamily() {
			const t = await team();
			const familyId = (await addFamily(db(), uniqueName('Family'))).id;
			await assignAt(db(), familyId, t.jo.id, 'lead');
			await assignAt(db(), familyId, t.sam.id, 'team', undefined, 'Checks in at school');
			return { ...t, familyId };
		}

		const card = async (familyId: string, now = NOW) => getSupportTeam(db(), familyId, await overview(familyId, now), now);

		it('shows each worker’s hours and no time away when none is booked', async () => {
			const f = await cardFamily();
			await saveHours(db(), f.jo.id, [{ weekday: 1, startsAt: '09:00', endsAt: '17:00' }]);
			await saveHours(db(), f.sam.id, [{ weekday: 3, startsAt: '12:00', endsAt: '14:00' }]);
			const support = await card(f.familyId);
			expect(support.lead).toMatchObject({
				workerId: f.jo.id,
				displayName: 'Jo Bennett',
				phone: '0161 496 0123',
				hours: [{ weekday: 1, startsAt: '09:00', endsAt: '17:00' }],
				absence: null,
				promises: []
			});
			expect(support.team.map((w) => [w.displayName, w.partInPlan, w.hours, w.absence])).toEqual([
				['Sam Taylor', 'Checks in at school', [{ weekday: 3, startsAt: '12:00', endsAt: '14:00' }], null]
			]);
		});

		it('shows the cover’s name and contact from six weeks before the time away until it ends', async () => {
			const f = await cardFamily();
			await away(f.jo, '2027-01-04', '2027-01-08', f.priya);
			const coverShown = { displayName: 'Priya Sharma', jobTitle: 'Family support worker', phone: '0161 496 0145', email: 'priya@example.org' };

			// 2027-01-04 is 42 days after 2026-11-23; a day earlier it is too far off to mention.
			expect(ABSENCE_NOTICE_DAYS).toBe(42);
			expect((await card(f.familyId, on('2026-11-22'))).lead?.absence).toBeNull();
			expect((await card(f.familyId, NOW)).lead?.absence).toEqual({
				id: expect.any(String),
				startsOn: '2027-01-04',
				endsOn: '2027-01-08',
				current: false,
				cover: coverShown
			});
			for (const day of ['2027-01-04', '2027-01-06', '2027-01-08']) {
				expect((await card(f.familyId, on(day))).lead?.absence).toMatchObject({ current: true, cover: coverShown });
			}
			expect((await card(f.familyId, on('2027-01-09'))).lead?.absence).toBeNull();
		});

		it('shows the time away happening now before one still to come', async () => {
			const f = await cardFamily();
			await away(f.jo, '2026-11-30', '2026-12-02', null);
			await away(f.jo, '2026-11-20', '2026-11-24', f.priya);
			expect((await card(f.familyId)).lead?.absence).toMatchObject({ startsOn: '2026-11-20', current: true });
			expect((await card(f.familyId, on('2026-11-25'))).lead?.absence).toMatchObject({
				startsOn: '2026-11-30',
				current: false,
				cover: null
			});
		});

		it('shows a team member’s time away too, and never someone else’s', async () => {
			const f = await cardFamily();
			const samsColleague = await addNamedWorker(db(), f.otherServiceId, 'Grace Adeyemi', { phone: '0161 496 0190' });
			await away(f.sam, '2026-11-23', '2026-11-27', samsColleague);
			await away(f.chris, '2026-11-23', '2026-11-27', null);
			const support = await card(f.familyId);
			expect(support.lead?.absence).toBeNull();
			expect(support.team[0]?.absence).toMatchObject({ current: true, cover: { displayName: 'Grace Adeyemi', phone: '0161 496 0190' } });
		});

		it('lists what each worker has promised in this family’s plan and not yet done', async () => {
			const f = await addPlanFamily(db());
			const lead = { userId: f.lead.userId, role: f.lead.role };
			const goalText = (title: string) => ({ title, whyItMatters: 'Why', howWeKnow: 'How', outcomeArea: 'being_healthy' as const });
			const goalId = await suggestGoal(db(), { familyId: f.familyId, actor: lead, goal: goalText('Sleep better') }, NOW);
			const add = (description: string, workerId: string, dueDate: string, goal = goalId) =>
				addAction(db(), { familyId: f.familyId, goalId: goal, actor: lead, description, owner: { kind: 'worker', id: workerId }, dueDate }, NOW);
			await add('Book the sleep clinic', f.team.workerId, '2026-12-10');
			await add('Send the leaflet', f.team.workerId, '2026-11-01');
			const done = await add('Phone school', f.team.workerId, '2026-11-20');
			await add('Visit at home', f.lead.workerId, '2026-12-01');
			await addAction(
				db(),
				{ familyId: f.familyId, goalId, actor: lead, description: 'Fill in the form', owner: { kind: 'member', id: f.parent.memberId }, dueDate: '2026-12-01' },
				NOW
			);
			await setActionDone(
				db(),
				{ familyId: f.familyId, goalId, actionId: done, actor: { userId: f.team.userId, role: 'team' }, actorWorkerId: f.team.workerId, doneOn: '2026-11-19' },
				NOW
			);
			// A promise under a goal that was stopped is no longer waiting.
			const stopped = await suggestGoal(db(), { familyId: f.familyId, actor: lead, goal: goalText('Move house') }, NOW);
			await add('Ask about housing', f.team.workerId, '2026-12-05', stopped);
			await changeGoalStatus(db(), { familyId: f.familyId, goalId: stopped, actor: lead, status: 'stopped', stoppedReason: 'Not now' }, NOW);
			// The same worker's promise to another family does not show here.
			const other = await addPlanFamily(db());
			await assignAt(db(), other.familyId, f.team.workerId, 'team');
			const otherGoal = await suggestGoal(
				db(),
				{ familyId: other.familyId, actor: { userId: other.lead.userId, role: 'lead' }, goal: goalText('Other family') },
				NOW
			);
			await addAction(
				db(),
				{
					familyId: other.familyId,
					goalId: otherGoal,
					actor: { userId: other.lead.userId, role: 'lead' },
					description: 'Someone else’s promise',
					owner: { kind: 'worker', id: f.team.workerId },
					dueDate: '2026-11-30'
				},
				NOW
			);

			const support = await card(f.familyId);
			expect(support.team.map((w) => [w.workerId, w.promises])).toEqual([
				[
					f.team.workerId,
					[
						{ goalId, description: 'Send the leaflet', dueDate: '2026-11-01' },
						{ goalId, description: 'Book the sleep clinic', dueDate: '2026-12-10' }
					]
				]
			]);
			expect(support.lead?.promises).toEqual([{ goalId, description: 'Visit at home', dueDate: '2026-12-01' }]);
		});

		it('has no cards for a family nobody supports', async () => {
			const familyId = (await addFamily(db())).id;
			expect(await card(familyId)).toEqual({ lead: null, team: [] });
		});
	});

	describe('the manager’s page', () => {
		async function service() {
			const t = await team();
			const families = await Promise.all(
				['Abbott', 'Bello', 'Carter'].map(async (name) => (await addFamily(db(), uniqueName(name))).id)
			);
			// Jo leads Abbott, Priya leads Bello, Chris leads Carter; Jo is also in Carter's team.
			await assignAt(db(), families[0]!, t.jo.id, 'lead');
			await assignAt(db(), families[1]!, t.priya.id, 'lead');
			await assignAt(db(), families[2]!, t.chris.id, 'lead');
			await assignAt(db(), families[2]!, t.jo.id, 'team');
			return { ...t, abbott: families[0]!, bello: families[1]!, carter: families[2]! };
		}

		const uncovered = async (serviceId: string, now = NOW) =>
			(await getServiceOverview(db(), serviceId, now))!.uncovered.map((u) => [u.familyId, u.leadName, u.absence.startsOn]);

		it('lists the families whose lead is away now or soon with nobody covering', async () => {
			const s = await service();
			expect(await uncovered(s.serviceId)).toEqual([]);

			await away(s.jo, '2026-11-30', '2026-12-04', null);
			// Only the family Jo leads: in Carter's family Jo is in the team, and Chris still leads it.
			expect(await uncovered(s.serviceId)).toEqual([[s.abbott, 'Jo Bennett', '2026-11-30']]);

			await away(s.priya, '2026-11-23', '2026-11-24', s.chris);
			expect(await uncovered(s.serviceId)).toEqual([[s.abbott, 'Jo Bennett', '2026-11-30']]);

			const overview = await getServiceOverview(db(), s.serviceId, NOW);
			expect(overview?.workers.find((w) => w.workerId === s.priya.id)?.absence).toMatchObject({ current: true, cover: { displayName: 'Chris Doyle' } });
			expect(overview?.workers.find((w) => w.workerId === s.chris.id)?.absence).toBeNull();
			// After Jo is back, nobody is uncovered.
			expect(await uncovered(s.serviceId, on('2026-12-05'))).toEqual([]);
		});

		it('leaves out time away more than six weeks off, until it comes closer', async () => {
			const s = await service();
			await away(s.chris, '2027-02-01', '2027-02-05', null);
			expect(await uncovered(s.serviceId)).toEqual([]);
			expect(await uncovered(s.serviceId, on('2026-12-21'))).toEqual([[s.carter, 'Chris Doyle', '2027-02-01']]);
		});

		it('lists a family again when cover is missing for the lead’s next time away, though they are covered now', async () => {
			const s = await service();
			await away(s.jo, '2026-11-20', '2026-11-25', s.priya);
			await away(s.jo, '2026-12-01', '2026-12-04', null);
			// Jo is away now (covered) and again next week with nobody covering: the manager should know.
			expect(await uncovered(s.serviceId)).toEqual([[s.abbott, 'Jo Bennett', '2026-12-01']]);
		});
	});

	describe('photos', () => {
		async function upload(colour: string) {
			const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).png().toBuffer();
			const result = await preparePhoto(new File([new Uint8Array(png)], 'me.png', { type: 'image/png' }));
			if (!result.ok) throw new Error(result.error);
			return result;
		}

		it('stores the re-encoded photo exactly, and gives it a version that changes with each upload', async () => {
			const { jo, morgan } = await team();
			const familyId = (await addFamily(db())).id;
			await assignAt(db(), familyId, jo.id, 'lead');
			expect(await getWorkerPhoto(db(), jo.id)).toBeNull();

			const first = await upload('#ff0000');
			await savePhoto(db(), jo.id, first, jo.userId, new Date('2026-11-23T10:15:30.123Z'));
			const stored = await getWorkerPhoto(db(), jo.id);
			expect(stored?.contentType).toBe('image/jpeg');
			expect(Buffer.from(stored!.image).equals(first.image)).toBe(true);
			expect((await getWorkerProfile(db(), jo.id, NOW))?.photoVersion).toBe('20261123101530123');
			expect((await overview(familyId)).lead?.photoVersion).toBe('20261123101530123');

			// A manager uploads a new one: one row still, new bytes, new version.
			const second = await upload('#0000ff');
			await savePhoto(db(), jo.id, second, morgan.userId, new Date('2026-11-24T08:00:00.000Z'));
			expect(Buffer.from((await getWorkerPhoto(db(), jo.id))!.image).equals(second.image)).toBe(true);
			expect((await overview(familyId)).lead?.photoVersion).toBe('20261124080000000');
			const rows = await db().selectFrom('worker_photo').select(['uploaded_by_user_id', 'width', 'height']).where('worker_id', '=', jo.id).execute();
			expect(rows).toEqual([{ uploaded_by_user_id: morgan.userId, width: 64, height: 48 }]);

			await removePhoto(db(), jo.id);
			expect(await getWorkerPhoto(db(), jo.id)).toBeNull();
			expect((await overview(familyId)).lead?.photoVersion).toBeNull();
		});

		it('keeps anything but a JPEG out of the table', async () => {
			const { jo } = await team();
			const before = await countRows(db(), 'worker_photo');
			const row = {
				worker_id: jo.id,
				content_type: 'image/jpeg' as const,
				image: Buffer.from([0xff, 0xd8, 0xff]),
				width: 1,
				height: 1,
				uploaded_by_user_id: jo.userId,
				updated_at: toTimestamp(NOW)
			};
			// Past the type system on purpose: only the table's check stands in the way.
			const svg = { ...row, content_type: 'image/svg+xml' as 'image/jpeg', image: Buffer.from('<svg/>') };
			await expect(db().insertInto('worker_photo').values(svg).execute()).rejects.toThrow();
			expect(await countRows(db(), 'worker_photo')).toBe(before);
			// The same row as a JPEG goes in.
			await db().insertInto('worker_photo').values(row).execute();
			expect(await countRows(db(), 'worker_photo')).toBe(before + 1);
		});
	});
});
