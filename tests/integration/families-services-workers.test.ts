import { beforeAll, describe, expect, it } from 'vitest';
import { getFamilyOverview, listFamiliesForWorker, type Family } from '$lib/server/families/families.service';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { ServiceRuleError, createService, getService, listServices } from '$lib/server/services/services.service';
import {
	WorkerRuleError,
	createWorker,
	listWorkers,
	serviceIdForUser,
	type Worker
} from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addMember, addService, addUser, addWorker, assign, rejection, uniqueName } from './support/fixtures';

const TODAY = new Date('2026-06-15T12:00:00.000Z');

describeEachDatabase('families, services and workers', (database) => {
	let serviceId: string;
	let family: Family;
	let lead: Worker;
	let team: Worker;

	beforeAll(async () => {
		const db = database.db;
		serviceId = (await addService(db, uniqueName('Family Support'))).id;
		const school = await addService(db, uniqueName('School'));
		lead = await addWorker(db, serviceId, { password: false });
		team = await addWorker(db, school.id, { password: false });
		family = await addFamily(db, 'Hassan');
		const parent = await addUser(db, { role: 'parent_carer', password: false });
		await addMember(db, family.id, { displayName: 'Amira', dateOfBirth: '1987-06-14', userId: parent.id });
		await addMember(db, family.id, { displayName: 'Noor', memberType: 'young_person', dateOfBirth: '2019-01-10' });
		await addMember(db, family.id, { displayName: 'Leo', memberType: 'young_person', dateOfBirth: '2011-06-16' });
		await addMember(db, family.id, { displayName: 'Baby', memberType: 'young_person', dateOfBirth: null });
		await assign(db, family.id, lead.id, 'lead');
		await assign(db, family.id, team.id, 'team');
	});

	describe('getFamilyOverview', () => {
		it('returns null for a family that does not exist', async () => {
			expect(await getFamilyOverview(database.db, 'no-such-family', TODAY)).toBeNull();
		});

		it('lists adults first, then young people oldest first, those without a birth date last', async () => {
			const overview = await getFamilyOverview(database.db, family.id, TODAY);
			expect(overview?.family).toEqual({ id: family.id, name: 'Hassan', status: 'active' });
			expect(overview?.members.map((m) => [m.displayName, m.memberType, m.age, m.hasAccount])).toEqual([
				['Amira', 'adult', 39, true],
				// Leo turns 15 tomorrow.
				['Leo', 'young_person', 14, false],
				['Noor', 'young_person', 7, false],
				['Baby', 'young_person', null, false]
			]);
			expect(overview?.members[0]?.username).toMatch(/^user-/);
		});

		it('separates the lead worker from the team, without database column names', async () => {
			const overview = await getFamilyOverview(database.db, family.id, TODAY);
			expect(overview?.lead).toEqual({
				assignmentId: expect.any(String),
				workerId: lead.id,
				role: 'lead',
				partInPlan: null,
				userId: lead.userId,
				displayName: lead.displayName,
				jobTitle: lead.jobTitle,
				phone: null,
				email: null,
				serviceName: lead.serviceName,
				photoVersion: null
			});
			expect(overview?.team.map((w) => [w.userId, w.role])).toEqual([[team.userId, 'team']]);
		});

		it('has no lead for a family nobody leads yet', async () => {
			const empty = await addFamily(database.db);
			expect(await getFamilyOverview(database.db, empty.id, TODAY)).toEqual({
				family: { id: empty.id, name: empty.name, status: 'active' },
				members: [],
				lead: null,
				team: []
			});
		});
	});

	describe('listFamiliesForWorker', () => {
		it('lists the families a worker currently supports, leads first', async () => {
			const other = await addFamily(database.db, 'Abbott');
			await assign(database.db, other.id, team.id, 'lead');
			expect((await listFamiliesForWorker(database.db, team.userId)).map((f) => [f.name, f.role])).toEqual([
				['Abbott', 'lead'],
				['Hassan', 'team']
			]);
			expect((await listFamiliesForWorker(database.db, lead.userId)).map((f) => f.id)).toEqual([family.id]);
		});

		it('leaves out ended assignments, and lists nothing for someone who is not a worker', async () => {
			const service = await addService(database.db);
			const leaver = await addWorker(database.db, service.id, { password: false });
			const closed = await addFamily(database.db);
			await assign(database.db, closed.id, leaver.id, 'team');
			await database.db
				.updateTable('family_worker')
				.set({ ended_at: TODAY.toISOString() })
				.where('worker_id', '=', leaver.id)
				.execute();
			expect(await listFamiliesForWorker(database.db, leaver.userId)).toEqual([]);
			const parent = await addUser(database.db, { password: false });
			expect(await listFamiliesForWorker(database.db, parent.id)).toEqual([]);
		});
	});

	describe('services', () => {
		it('creates a service and refuses a second with the same name', async () => {
			const name = uniqueName('Youth Service');
			const created = await createService(database.db, { name, description: 'Helps young people' });
			expect(await getService(database.db, created.id)).toEqual(created);
			expect((await listServices(database.db)).map((s) => s.name)).toContain(name);

			const error = await rejection(createService(database.db, { name, description: null }));
			expect(error).toBeInstanceOf(ServiceRuleError);
			expect(error).toMatchObject({ code: 'name_taken' });
		});

		it('summarises a service for its manager', async () => {
			const overview = await getServiceOverview(database.db, serviceId);
			expect(overview?.familiesLed).toBe(1);
			expect(overview?.workers.map((w) => [w.workerId, w.families.map((f) => f.role)])).toEqual([
				[lead.id, ['lead']]
			]);
			expect(await getServiceOverview(database.db, 'no-such-service')).toBeNull();
		});
	});

	describe('workers', () => {
		it('creates a worker with an account in a service', async () => {
			const username = uniqueName('jo');
			const worker = await createWorker(database.db, {
				username,
				displayName: 'Jo Bennett',
				role: 'manager',
				serviceId,
				jobTitle: 'Service manager',
				phone: '0161 496 0123'
			});
			expect(worker).toMatchObject({ username, role: 'manager', serviceId, jobTitle: 'Service manager' });
			expect(await serviceIdForUser(database.db, worker.userId)).toBe(serviceId);
			expect((await listWorkers(database.db, serviceId)).map((w) => w.id)).toContain(worker.id);
		});

		it('refuses a username already in use, by a worker or anyone else, and creates nothing', async () => {
			const parent = await addUser(database.db, { password: false });
			const before = (await listWorkers(database.db)).length;
			for (const username of [lead.username, parent.username]) {
				const error = await rejection(
					createWorker(database.db, { username, displayName: 'Copy', role: 'worker', serviceId, jobTitle: 'x' })
				);
				expect(error).toBeInstanceOf(WorkerRuleError);
				expect(error).toMatchObject({ code: 'username_taken' });
			}
			expect((await listWorkers(database.db)).length).toBe(before);
		});
	});
});
