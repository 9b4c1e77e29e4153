import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, ukToday } from '$lib/server/clock';
import { applyDueHandovers, planHandover } from '$lib/server/handovers/handovers.service';
import {
	requireFamilyAccess,
	requireHandoverManagement,
	requireWorkerPhotoAccess,
	requireWorkerProfileAccess
} from '$lib/server/policy';
import type { User } from '$lib/server/users/users.service';
import { addAbsence } from '$lib/server/workers/profile.service';
import type { Worker } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addService, addUser, uniqueName } from './support/fixtures';
import { addFamilyUser, addNamedWorker, asUser, assignAt, localsFor } from './support/worker-fixtures';

// Who may hand a family over, keep a worker's profile, and see a worker's photo. The photo rule
// works on today's date in the UK (as the photo's route does), so the absences here are set
// around the real today.

describeEachDatabase('worker policy', (database) => {
	const db = () => database.db;
	const today = ukToday();

	// Family A is led by `leadA` (service A), with `teamA` (service B) in its team; `formerA` led it
	// before. Family B is led by `leadB` (service C). `colleagueA` works in service A, unassigned.
	let serviceA: string;
	let serviceB: string;
	let familyA: string;
	let familyB: string;
	let leadA: Worker;
	let teamA: Worker;
	let formerA: Worker;
	let colleagueA: Worker;
	let leadB: Worker;
	let managerA: Worker;
	let managerB: Worker;
	let managerC: Worker;
	let managerD: Worker;
	let amira: User;
	let leo: User;
	let dan: User;
	let unlinkedParent: User;
	let admin: User;

	beforeAll(async () => {
		serviceA = (await addService(db())).id;
		serviceB = (await addService(db())).id;
		const serviceC = (await addService(db())).id;
		const serviceD = (await addService(db())).id;
		familyA = (await addFamily(db(), uniqueName('Hassan'))).id;
		familyB = (await addFamily(db(), uniqueName('Kowalski'))).id;

		formerA = await addNamedWorker(db(), serviceA, 'Chris Doyle');
		leadA = await addNamedWorker(db(), serviceA, 'Jo Bennett');
		colleagueA = await addNamedWorker(db(), serviceA, 'Priya Sharma');
		teamA = await addNamedWorker(db(), serviceB, 'Sam Taylor');
		leadB = await addNamedWorker(db(), serviceC, 'Lee Brown');
		managerA = await addNamedWorker(db(), serviceA, 'Morgan Ellis', { role: 'manager' });
		managerB = await addNamedWorker(db(), serviceB, 'Bea Manager', { role: 'manager' });
		managerC = await addNamedWorker(db(), serviceC, 'Cal Manager', { role: 'manager' });
		managerD = await addNamedWorker(db(), serviceD, 'Dee Manager', { role: 'manager' });

		// Chris led family A until a handover to Jo.
		await assignAt(db(), familyA, formerA.id, 'lead');
		await planHandover(
			db(),
			{ familyId: familyA, toWorkerId: leadA.id, handoverOn: addDays(today, -30), withinServiceId: serviceA },
			managerA.userId
		);
		await assignAt(db(), familyA, teamA.id, 'team');
		await assignAt(db(), familyB, leadB.id, 'lead');

		amira = await addFamilyUser(db(), familyA, 'Amira');
		leo = await addFamilyUser(db(), familyA, 'Leo', 'young_person');
		dan = await addFamilyUser(db(), familyB, 'Dan');
		unlinkedParent = await addUser(db(), { role: 'parent_carer', password: false });
		admin = await addUser(db(), { role: 'admin', password: false });
	});

	describe('handovers', () => {
		const manage = (user: User | null, familyId = familyA) => requireHandoverManagement(localsFor(db(), user), familyId);

		it('lets the admin hand any family over, to a worker of any service', async () => {
			expect(await manage(admin)).toEqual({ user: admin, withinServiceId: null });
			expect(await manage(admin, familyB)).toEqual({ user: admin, withinServiceId: null });
		});

		it('lets the manager of the lead worker’s service hand over, within that service', async () => {
			expect(await manage(asUser(managerA))).toEqual({ user: asUser(managerA), withinServiceId: serviceA });
		});

		it('refuses (403) the manager of a team member’s service, who can read the family but not change its lead', async () => {
			expect((await requireFamilyAccess(localsFor(db(), asUser(managerB)), familyA, 'read')).relation).toBe('manager');
			await expect(manage(asUser(managerB))).rejects.toMatchObject({ status: 403 });
		});

		it('refuses (403) the family’s own workers and its members', async () => {
			for (const user of [asUser(leadA), asUser(teamA), amira, leo]) {
				await expect(manage(user)).rejects.toMatchObject({ status: 403 });
			}
		});

		it('answers 404 to people with no part in the family', async () => {
			for (const user of [asUser(managerC), asUser(managerD), asUser(formerA), asUser(colleagueA), asUser(leadB), dan, unlinkedParent]) {
				await expect(manage(user)).rejects.toMatchObject({ status: 404 });
			}
			await expect(manage(admin, 'no-such-family')).rejects.toMatchObject({ status: 404 });
			await expect(manage(asUser(managerA), familyB)).rejects.toMatchObject({ status: 404 });
		});

		it('sends someone not signed in to sign in', async () => {
			await expect(manage(null)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		});

		it('follows the lead: after a handover to another service, that service’s manager decides', async () => {
			const serviceE = (await addService(db())).id;
			const family = (await addFamily(db())).id;
			const first = await addNamedWorker(db(), serviceE, 'First Lead');
			const managerE = await addNamedWorker(db(), serviceE, 'Eve Manager', { role: 'manager' });
			await assignAt(db(), family, first.id, 'lead');
			// Sam (service B) joins the team: manager B may read the family, not hand it over.
			await assignAt(db(), family, teamA.id, 'team');
			await expect(manage(asUser(managerB), family)).rejects.toMatchObject({ status: 403 });
			expect((await manage(asUser(managerE), family)).withinServiceId).toBe(serviceE);

			await planHandover(db(), { familyId: family, toWorkerId: teamA.id, handoverOn: today, withinServiceId: null }, admin.id);
			expect((await manage(asUser(managerB), family)).withinServiceId).toBe(serviceB);
			// Service E no longer supports the family at all.
			await expect(manage(asUser(managerE), family)).rejects.toMatchObject({ status: 404 });
		});
	});

	describe('worker profiles', () => {
		const access = (user: User | null, worker: Worker | null) =>
			requireWorkerProfileAccess(localsFor(db(), user), worker ? worker.id : 'no-such-worker');

		it('lets a worker keep their own profile', async () => {
			expect(await access(asUser(leadA), leadA)).toEqual({ user: asUser(leadA), self: true });
			expect(await access(asUser(managerA), managerA)).toEqual({ user: asUser(managerA), self: true });
		});

		it('lets their service’s manager and the admin keep it for them', async () => {
			expect(await access(asUser(managerA), leadA)).toEqual({ user: asUser(managerA), self: false });
			expect(await access(admin, leadA)).toEqual({ user: admin, self: false });
			expect(await access(admin, teamA)).toEqual({ user: admin, self: false });
		});

		it('refuses (403) other staff: colleagues, and managers of other services', async () => {
			for (const user of [asUser(colleagueA), asUser(teamA), asUser(managerB), asUser(managerC)]) {
				await expect(access(user, leadA)).rejects.toMatchObject({ status: 403 });
			}
		});

		it('answers 404 to families, and to anyone for a worker that does not exist', async () => {
			for (const user of [amira, leo, dan, unlinkedParent]) {
				await expect(access(user, leadA)).rejects.toMatchObject({ status: 404 });
			}
			for (const user of [admin, asUser(managerA), asUser(leadA)]) {
				await expect(access(user, null)).rejects.toMatchObject({ status: 404 });
			}
			await expect(access(null, leadA)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		});
	});

	describe('photos', () => {
		const see = (user: User | null, worker: Worker | string) =>
			requireWorkerPhotoAccess(localsFor(db(), user), typeof worker === 'string' ? worker : worker.id);

		it('shows every worker’s photo to staff', async () => {
			for (const user of [asUser(leadB), asUser(teamA), asUser(managerD), admin]) {
				await expect(see(user, leadA)).resolves.toBeUndefined();
				await expect(see(user, colleagueA)).resolves.toBeUndefined();
			}
		});

		it('shows a family the photos of their workers, now and before', async () => {
			for (const user of [amira, leo]) {
				for (const worker of [leadA, teamA, formerA]) await expect(see(user, worker)).resolves.toBeUndefined();
			}
			await expect(see(dan, leadB)).resolves.toBeUndefined();
		});

		it('hides family A’s workers from family B, and from a parent in no family (404)', async () => {
			for (const worker of [leadA, teamA, formerA]) {
				await expect(see(dan, worker)).rejects.toMatchObject({ status: 404 });
				await expect(see(unlinkedParent, worker)).rejects.toMatchObject({ status: 404 });
			}
			for (const user of [amira, leo]) {
				await expect(see(user, leadB)).rejects.toMatchObject({ status: 404 });
				await expect(see(user, colleagueA)).rejects.toMatchObject({ status: 404 });
				await expect(see(user, 'no-such-worker')).rejects.toMatchObject({ status: 404 });
			}
			await expect(see(null, leadA)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		});

		it('shows the family their next worker once a handover to them is planned', async () => {
			const serviceF = (await addService(db())).id;
			const family = (await addFamily(db())).id;
			const lead = await addNamedWorker(db(), serviceF, 'Current Lead');
			const next = await addNamedWorker(db(), serviceF, 'Next Lead');
			await assignAt(db(), family, lead.id, 'lead');
			const parent = await addFamilyUser(db(), family, 'Parent');
			await expect(see(parent, next)).rejects.toMatchObject({ status: 404 });

			await planHandover(db(), { familyId: family, toWorkerId: next.id, handoverOn: addDays(today, 14), withinServiceId: null }, admin.id);
			await expect(see(parent, next)).resolves.toBeUndefined();
			await expect(see(dan, next)).rejects.toMatchObject({ status: 404 });
			// Nothing due yet today: the handover is still to come.
			expect(await applyDueHandovers(db())).toBe(0);
		});

		it('shows the cover for one of the family’s workers while that time away has not ended', async () => {
			const serviceG = (await addService(db())).id;
			const family = (await addFamily(db())).id;
			const lead = await addNamedWorker(db(), serviceG, 'Away Lead');
			const coverNow = await addNamedWorker(db(), serviceG, 'Cover Now');
			const coverSoon = await addNamedWorker(db(), serviceG, 'Cover Soon');
			const coverBefore = await addNamedWorker(db(), serviceG, 'Cover Before');
			const coverEndsToday = await addNamedWorker(db(), serviceG, 'Cover Ends Today');
			await assignAt(db(), family, lead.id, 'lead');
			const parent = await addFamilyUser(db(), family, 'Parent');
			const book = (startsOn: number, endsOn: number, cover: Worker) =>
				addAbsence(
					db(),
					{ workerId: lead.id, startsOn: addDays(today, startsOn), endsOn: addDays(today, endsOn), coverWorkerId: cover.id },
					lead.userId
				);
			await book(-20, -15, coverBefore);
			await book(-3, 0, coverEndsToday);
			await book(1, 3, coverNow);
			await book(30, 35, coverSoon);

			for (const cover of [coverEndsToday, coverNow, coverSoon]) await expect(see(parent, cover)).resolves.toBeUndefined();
			// Time away that is over no longer makes the cover someone the family knows.
			await expect(see(parent, coverBefore)).rejects.toMatchObject({ status: 404 });
			// Another family never sees them.
			for (const cover of [coverEndsToday, coverNow, coverSoon]) await expect(see(dan, cover)).rejects.toMatchObject({ status: 404 });
		});

		it('stops showing the cover of a worker who no longer supports the family', async () => {
			const serviceH = (await addService(db())).id;
			const family = (await addFamily(db())).id;
			const lead = await addNamedWorker(db(), serviceH, 'Lead');
			const team = await addNamedWorker(db(), serviceH, 'Team');
			const cover = await addNamedWorker(db(), serviceH, 'Cover');
			await assignAt(db(), family, lead.id, 'lead');
			await assignAt(db(), family, team.id, 'team');
			const parent = await addFamilyUser(db(), family, 'Parent');
			await addAbsence(
				db(),
				{ workerId: team.id, startsOn: addDays(today, 2), endsOn: addDays(today, 6), coverWorkerId: cover.id },
				team.userId
			);
			await expect(see(parent, cover)).resolves.toBeUndefined();

			await db().updateTable('family_worker').set({ ended_at: new Date().toISOString() }).where('worker_id', '=', team.id).execute();
			await expect(see(parent, cover)).rejects.toMatchObject({ status: 404 });
			// The team member themselves stays known: they supported the family.
			await expect(see(parent, team)).resolves.toBeUndefined();
		});
	});
});
