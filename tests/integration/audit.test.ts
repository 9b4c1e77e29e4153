import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { searchServiceEvents } from '$lib/server/audit/audit.repository';
import { AuditTrail, familyAccessLog, outcomeOf, recordAudit, shouldRecord } from '$lib/server/audit/audit.service';
import type { AuditOutcome } from '$lib/server/db/schema';
import { isPostgres } from '$lib/server/db';
import { requireFamilyAccess, requireHandoverManagement, requireRestrictionAdministration, requireViewAccess } from '$lib/server/policy';
import type { User } from '$lib/server/users/users.service';
import { VIEW_PROMPTS } from '$lib/views/views';
import { describeEachDatabase } from './support/databases';
import { addFamily, addMember, addService, addUser, addWorker, asUser, assign, rejection } from './support/fixtures';

// The audit trail end to end below the HTTP layer: the policy notes what a request reaches, the
// recorder writes it, the database keeps it append-only, and the family and the manager read it.

describeEachDatabase('audit trail', (database) => {
	let familyId: string;
	let otherFamilyId: string;
	let serviceA: string;
	let serviceC: string;
	let parent: User;
	let young: User;
	let lead: User;
	let stranger: User;
	let managerA: User;
	let viewId: string;
	let counter = 0;

	beforeAll(async () => {
		const db = database.db;
		serviceA = (await addService(db)).id;
		serviceC = (await addService(db)).id;
		familyId = (await addFamily(db)).id;
		otherFamilyId = (await addFamily(db)).id;
		parent = await addUser(db, { role: 'parent_carer', password: false });
		await addMember(db, familyId, { userId: parent.id });
		young = await addUser(db, { role: 'young_person', password: false });
		await addMember(db, familyId, { userId: young.id, memberType: 'young_person' });
		const leadWorker = await addWorker(db, serviceA, { password: false });
		await assign(db, familyId, leadWorker.id, 'lead');
		lead = asUser(leadWorker);
		stranger = asUser(await addWorker(db, serviceC, { password: false }));
		managerA = asUser(await addWorker(db, serviceA, { role: 'manager', password: false }));
		viewId = crypto.randomUUID();
		const now = new Date().toISOString();
		await db
			.insertInto('young_view')
			.values({
				id: viewId,
				family_id: familyId,
				author_user_id: young.id,
				prompt: VIEW_PROMPTS[0],
				feeling: null,
				body: 'A view for the worker only',
				audience: 'worker',
				created_at: now,
				updated_at: now,
				version: 1,
				shared_at: now,
				reply_due_on: '2026-12-01',
				first_reply_at: null,
				awaiting_since: null,
				awaiting_due_on: null,
				read_at: null,
				read_by_user_id: null,
				author_seen_at: null
			})
			.execute();
	});

	/** One request as `user`: runs `reach` against the policy, then records it as the handle does. */
	async function request(
		user: User,
		method: 'GET' | 'POST',
		routeId: string,
		reach: (locals: App.Locals) => Promise<unknown>,
		at: Date
	): Promise<AuditOutcome> {
		const locals = { db: database.db, user, audit: new AuditTrail() } as App.Locals;
		let outcome: AuditOutcome = 'done';
		try {
			await reach(locals);
		} catch (thrown) {
			outcome = (thrown as { status?: number }).status === 404 ? 'refused' : 'failed';
		}
		if (shouldRecord(method, user.role)) {
			counter += 1;
			await recordAudit(
				database.db,
				{ requestId: `r${counter}`, user, method, routeId, search: method === 'POST' ? '?/agree' : '', at },
				locals.audit,
				outcome
			);
		}
		return outcome;
	}

	const rowsFor = (family: string) =>
		database.db.selectFrom('audit_event').selectAll().where('family_id', '=', family).orderBy('at').orderBy('id').execute();

	it('records a worker reading the plan, with who, how they are connected, what and when; never the content', async () => {
		const at = new Date('2026-11-17T10:30:00.000Z');
		await request(lead, 'GET', '/family/[familyId]/plan', (l) => requireFamilyAccess(l, familyId, 'read'), at);
		const rows = await rowsFor(familyId);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actor_user_id: lead.id,
			actor_role: 'worker',
			actor_service_id: serviceA,
			relation: 'lead',
			family_id: familyId,
			subject_user_id: null,
			kind: 'plan',
			action: 'read',
			outcome: 'done',
			route: '/family/[familyId]/plan',
			detail: null,
			at: '2026-11-17T10:30:00.000Z'
		});
	});

	it('records every change, by family members too, with the action’s name; reads by the family are not recorded', async () => {
		const at = new Date('2026-11-17T11:00:00.000Z');
		const before = (await rowsFor(familyId)).length;
		await request(parent, 'GET', '/family/[familyId]/plan', (l) => requireFamilyAccess(l, familyId, 'read'), at);
		expect(await rowsFor(familyId)).toHaveLength(before);
		await request(parent, 'POST', '/family/[familyId]/plan/goals/[goalId]', (l) => requireFamilyAccess(l, familyId, 'edit'), at);
		const rows = await rowsFor(familyId);
		expect(rows).toHaveLength(before + 1);
		expect(rows.at(-1)).toMatchObject({ actor_user_id: parent.id, relation: 'member', kind: 'plan', action: 'change', detail: 'agree' });
	});

	it('records a refused attempt by a worker with no part in the family', async () => {
		const at = new Date('2026-11-17T12:00:00.000Z');
		const outcome = await request(stranger, 'GET', '/family/[familyId]/plan', (l) => requireFamilyAccess(l, familyId, 'read'), at);
		expect(outcome).toBe('refused');
		const rows = await rowsFor(familyId);
		expect(rows.at(-1)).toMatchObject({ actor_user_id: stranger.id, relation: null, outcome: 'refused', actor_service_id: serviceC });
	});

	it('records a read view against the young person who wrote it, once per request', async () => {
		const at = new Date('2026-11-18T09:00:00.000Z');
		await request(lead, 'GET', '/family/[familyId]/views/[viewId]', (l) => requireViewAccess(l, familyId, viewId), at);
		const rows = (await rowsFor(familyId)).filter((r) => r.at === at.toISOString());
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ kind: 'views', subject_user_id: young.id, relation: 'lead' });
	});

	it('shows the family who looked, grouped by day, and a young person’s views to that young person alone', async () => {
		// A second plan read on the 17th: counted with the first.
		await request(lead, 'GET', '/family/[familyId]/plan/history', (l) => requireFamilyAccess(l, familyId, 'read'), new Date('2026-11-17T15:00:00.000Z'));

		const forParent = await familyAccessLog(database.db, familyId, parent.id);
		const forYoung = await familyAccessLog(database.db, familyId, young.id);
		const summary = (log: typeof forParent) =>
			log.days.map((d) => [d.day, d.entries.map((e) => `${e.relation}:${e.kind}:${e.action}×${e.count}`)]);
		// Staff only (not the parent's own change, not the refused stranger), newest day first.
		expect(summary(forParent)).toEqual([['2026-11-17', ['lead:plan:read×2']]]);
		expect(summary(forYoung)).toEqual([
			['2026-11-18', ['lead:views:read×1']],
			['2026-11-17', ['lead:plan:read×2']]
		]);
		expect(forYoung.days[0]!.entries[0]!.actorName).toBe(lead.displayName);
		expect(forParent.older).toBeNull();
	});

	it('lets a manager search what their service’s staff did and what was done in the families it supports', async () => {
		const search = (serviceId: string, extra: Partial<Parameters<typeof searchServiceEvents>[1]> = {}) =>
			searchServiceEvents(database.db, {
				serviceId,
				actorUserId: null,
				familyId: null,
				kind: null,
				action: null,
				outcome: null,
				fromAt: null,
				toAt: null,
				before: null,
				limit: 100,
				...extra
			});
		const all = await search(serviceA);
		// The family is supported by service A, so the stranger's refused attempt shows there too.
		expect(all.map((r) => r.actor_user_id)).toContain(stranger.id);
		expect(all.every((r) => r.family_id === familyId || r.actor_service_id === serviceA)).toBe(true);
		expect((await search(serviceA, { outcome: 'refused' })).map((r) => r.actor_user_id)).toEqual([stranger.id]);
		expect((await search(serviceA, { kind: 'views' })).map((r) => r.subject_user_id)).toEqual([young.id]);
		expect(await search(serviceA, { familyId: otherFamilyId })).toEqual([]);
		// Service C sees only its own worker's attempt.
		expect((await search(serviceC)).map((r) => r.actor_user_id)).toEqual([stranger.id]);
		// Paging back from the newest row leaves it out.
		const newest = all[0]!;
		const older = await search(serviceA, { before: { at: newest.at, id: newest.id } });
		expect(older).toHaveLength(all.length - 1);
	});

	it('records the administrator placing a record on hold and a manager planning a handover, as changes to the family', async () => {
		const admin = await addUser(database.db, { role: 'admin', password: false });
		const at = new Date('2026-11-19T09:00:00.000Z');
		await request(admin, 'POST', '/admin/families/[familyId]', (l) => requireRestrictionAdministration(l, otherFamilyId), at);
		await request(managerA, 'POST', '/family/[familyId]/handover', (l) => requireHandoverManagement(l, familyId), at);
		const rows = await database.db.selectFrom('audit_event').selectAll().where('at', '=', at.toISOString()).orderBy('actor_role').execute();
		expect(rows.map((r) => [r.actor_role, r.family_id, r.relation, r.kind, r.action, r.outcome])).toEqual([
			['admin', otherFamilyId, 'admin', 'family', 'change', 'done'],
			['manager', familyId, 'manager', 'handover', 'change', 'done']
		]);
	});

	it('refuses to change or delete a row, whoever asks, on this database', async () => {
		const db = database.db;
		const before = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
		expect(before.length).toBeGreaterThan(0);
		const updating = await rejection(db.updateTable('audit_event').set({ outcome: 'refused' }).execute());
		expect(String(updating)).toMatch(/append-only/);
		const deleting = await rejection(db.deleteFrom('audit_event').where('id', '=', before[0]!.id).execute());
		expect(String(deleting)).toMatch(/append-only/);
		if (isPostgres(db)) {
			expect(String(await rejection(sql`truncate audit_event`.execute(db)))).toMatch(/append-only/);
		}
		expect(await db.selectFrom('audit_event').selectAll().orderBy('id').execute()).toEqual(before);
	});
});

it('reads how an enhanced form action ended from its JSON, and anything else from its status', async () => {
	const enhanced = new Request('http://x/', { method: 'POST', headers: { 'x-sveltekit-action': 'true' } });
	const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
	expect(await outcomeOf(enhanced, json({ type: 'redirect', status: 303, location: '/' }))).toBe('done');
	expect(await outcomeOf(enhanced, json({ type: 'failure', status: 400, data: '[]' }))).toBe('invalid');
	expect(await outcomeOf(enhanced, json({ type: 'error', status: 403 }))).toBe('refused');
	const plain = new Request('http://x/', { method: 'POST' });
	expect(await outcomeOf(plain, new Response('', { status: 303 }))).toBe('done');
	expect(await outcomeOf(plain, new Response('', { status: 404 }))).toBe('refused');
	expect(await outcomeOf(plain, new Response('', { status: 429 }))).toBe('invalid');
	expect(await outcomeOf(plain, new Response('', { status: 500 }))).toBe('failed');
});
