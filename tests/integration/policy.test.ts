import { beforeAll, expect, it } from 'vitest';
import {
	familyRelation,
	homePath,
	requireFamilyAccess,
	requireRole,
	requireServiceManagement,
	requireUser
} from '$lib/server/policy';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addMember, addService, addUser, addWorker, asUser, assign, localsFor } from './support/fixtures';

describeEachDatabase('policy', (database) => {
	// Family F is supported by `lead` (service A) and `team` (service B). Manager A's service
	// supports F; manager C's does not. `former` once led F, but that assignment has ended.
	let familyId: string;
	let otherFamilyId: string;
	let serviceA: string;
	let serviceC: string;
	let member: User;
	let otherMember: User;
	let unlinkedParent: User;
	let lead: User;
	let team: User;
	let former: User;
	let managerA: User;
	let managerC: User;
	let managerWithoutService: User;
	let admin: User;

	beforeAll(async () => {
		const db = database.db;
		serviceA = (await addService(db)).id;
		const serviceB = (await addService(db)).id;
		serviceC = (await addService(db)).id;
		familyId = (await addFamily(db)).id;
		otherFamilyId = (await addFamily(db)).id;

		member = await addUser(db, { role: 'parent_carer', password: false });
		await addMember(db, familyId, { userId: member.id });
		otherMember = await addUser(db, { role: 'young_person', password: false });
		await addMember(db, otherFamilyId, { userId: otherMember.id, memberType: 'young_person' });
		unlinkedParent = await addUser(db, { role: 'parent_carer', password: false });

		const formerWorker = await addWorker(db, serviceA, { password: false });
		await assign(db, familyId, formerWorker.id, 'lead');
		await db
			.updateTable('family_worker')
			.set({ ended_at: new Date().toISOString() })
			.where('worker_id', '=', formerWorker.id)
			.execute();
		former = asUser(formerWorker);

		const leadWorker = await addWorker(db, serviceA, { password: false });
		await assign(db, familyId, leadWorker.id, 'lead');
		lead = asUser(leadWorker);
		const teamWorker = await addWorker(db, serviceB, { password: false });
		await assign(db, familyId, teamWorker.id, 'team');
		team = asUser(teamWorker);

		managerA = asUser(await addWorker(db, serviceA, { role: 'manager', password: false }));
		managerC = asUser(await addWorker(db, serviceC, { role: 'manager', password: false }));
		managerWithoutService = await addUser(db, { role: 'manager', password: false });
		admin = await addUser(db, { role: 'admin', password: false });
	});

	const access = (user: User | null, permission: 'read' | 'administer', id = familyId) =>
		requireFamilyAccess(localsFor(database.db, user), id, permission);

	it('finds how each person is connected to the family', async () => {
		const relations = await Promise.all(
			[member, otherMember, lead, team, former, managerA, managerC, admin].map((u) =>
				familyRelation(database.db, u, familyId)
			)
		);
		expect(relations).toEqual(['member', null, 'lead', 'team', null, 'manager', null, 'admin']);
	});

	it('lets a family member read their own family', async () => {
		expect(await access(member, 'read')).toEqual({ user: member, familyId, relation: 'member', workerId: null });
	});

	it('answers 404 to a member of another family', async () => {
		await expect(access(otherMember, 'read')).rejects.toMatchObject({ status: 404 });
		// …and their own family is still theirs.
		expect((await access(otherMember, 'read', otherFamilyId)).relation).toBe('member');
	});

	it('lets the lead and team workers read the family', async () => {
		expect((await access(lead, 'read')).relation).toBe('lead');
		expect((await access(team, 'read')).relation).toBe('team');
	});

	it('answers 404 to a worker whose assignment has ended', async () => {
		await expect(access(former, 'read')).rejects.toMatchObject({ status: 404 });
	});

	it('lets a manager read a family their service supports, and not another', async () => {
		expect((await access(managerA, 'read')).relation).toBe('manager');
		await expect(access(managerC, 'read')).rejects.toMatchObject({ status: 404 });
		await expect(access(managerWithoutService, 'read')).rejects.toMatchObject({ status: 404 });
	});

	it('lets the admin administer a family but not read its plan', async () => {
		await expect(access(admin, 'read')).rejects.toMatchObject({ status: 403 });
		expect((await access(admin, 'administer')).relation).toBe('admin');
	});

	it('keeps administration to the admin', async () => {
		for (const user of [member, lead, team, managerA]) {
			await expect(access(user, 'administer')).rejects.toMatchObject({ status: 403 });
		}
	});

	it('answers 404 for a family that does not exist, whoever asks', async () => {
		for (const user of [admin, member, lead]) {
			await expect(access(user, 'administer', 'no-such-family')).rejects.toMatchObject({ status: 404 });
			await expect(access(user, 'read', 'no-such-family')).rejects.toMatchObject({ status: 404 });
		}
	});

	it('sends someone not signed in to the sign-in page', async () => {
		await expect(access(null, 'read')).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		expect(() => requireUser(localsFor(database.db, null))).toThrow(
			expect.objectContaining({ status: 303, location: '/sign-in' })
		);
	});

	it('checks roles', () => {
		expect(requireRole(localsFor(database.db, admin), ['admin'])).toBe(admin);
		expect(() => requireRole(localsFor(database.db, managerA), ['admin'])).toThrow(
			expect.objectContaining({ status: 403 })
		);
	});

	it('lets a manager manage their own service only, and the admin any', async () => {
		const manage = (user: User | null, serviceId: string) =>
			requireServiceManagement(localsFor(database.db, user), serviceId);
		expect(await manage(managerA, serviceA)).toBe(managerA);
		await expect(manage(managerA, serviceC)).rejects.toMatchObject({ status: 403 });
		await expect(manage(managerA, 'no-such-service')).rejects.toMatchObject({ status: 404 });
		await expect(manage(lead, serviceA)).rejects.toMatchObject({ status: 403 });
		await expect(manage(null, serviceA)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		expect(await manage(admin, serviceC)).toBe(admin);
		await expect(manage(admin, 'no-such-service')).rejects.toMatchObject({ status: 404 });
	});

	it('sends each person to their own home page after signing in', async () => {
		const home = (user: User) => homePath(database.db, user);
		expect(await home(member)).toBe(`/family/${familyId}`);
		expect(await home(otherMember)).toBe(`/family/${otherFamilyId}`);
		expect(await home(unlinkedParent)).toBe('/welcome');
		expect(await home(lead)).toBe('/my-families');
		expect(await home(managerA)).toBe(`/service/${serviceA}`);
		expect(await home(managerWithoutService)).toBe('/welcome');
		expect(await home(admin)).toBe('/admin');
	});
});
