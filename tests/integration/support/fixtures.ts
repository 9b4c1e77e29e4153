import { hashPassword } from '$lib/server/auth/password';
import type { DB, Executor } from '$lib/server/db';
import type { Database, MemberType, Role } from '$lib/server/db/schema';
import {
	addFamilyMember,
	assignWorker,
	createFamily,
	type AssignmentRole,
	type Family
} from '$lib/server/families/families.service';
import { newId, toTimestamp } from '$lib/server/ids';
import { createService, type Service } from '$lib/server/services/services.service';
import { insertUser } from '$lib/server/users/users.repository';
import { toUser, type User } from '$lib/server/users/users.service';
import { createWorker, type StaffRole, type Worker } from '$lib/server/workers/workers.service';

// Small builders for test data. Names are made unique so that tests in one file can share a
// database without tripping over each other's rows.

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
/** A unique, valid username or name with a readable prefix. */
export function uniqueName(prefix: string): string {
	counter += 1;
	return `${prefix}-${counter}-${newId().slice(0, 6)}`;
}

// Hashing is deliberately slow; one hash serves every fixture account in a file.
let cachedHash: Promise<string> | undefined;
export function fixturePasswordHash(): Promise<string> {
	cachedHash ??= hashPassword(TEST_PASSWORD);
	return cachedHash;
}

export async function addUser(
	db: Executor,
	options: { role?: Role; username?: string; password?: boolean; disabled?: boolean } = {}
): Promise<User> {
	const row = {
		id: newId(),
		username: options.username ?? uniqueName('user'),
		display_name: 'Test Person',
		role: options.role ?? 'parent_carer',
		password_hash: options.password === false ? null : await fixturePasswordHash(),
		created_at: toTimestamp(new Date()),
		disabled_at: options.disabled ? toTimestamp(new Date()) : null
	};
	await insertUser(db, row);
	return toUser(row);
}

export async function addService(db: Executor, name = uniqueName('Service')): Promise<Service> {
	return createService(db, { name, description: null });
}

export async function addWorker(
	db: DB,
	serviceId: string,
	options: { role?: StaffRole; username?: string; password?: boolean } = {}
): Promise<Worker> {
	return createWorker(db, {
		username: options.username ?? uniqueName(options.role ?? 'worker'),
		displayName: 'Test Worker',
		role: options.role ?? 'worker',
		serviceId,
		jobTitle: 'Family support worker',
		passwordHash: options.password === false ? null : await fixturePasswordHash()
	});
}

export async function addFamily(db: Executor, name = uniqueName('Family')): Promise<Family> {
	return createFamily(db, { name });
}

export async function addMember(
	db: Executor,
	familyId: string,
	options: { memberType?: MemberType; displayName?: string; dateOfBirth?: string | null; userId?: string } = {}
): Promise<string> {
	return addFamilyMember(db, {
		familyId,
		displayName: options.displayName ?? 'Member',
		memberType: options.memberType ?? 'adult',
		dateOfBirth: options.dateOfBirth ?? null,
		userId: options.userId ?? null
	});
}

export async function assign(db: DB, familyId: string, workerId: string, role: AssignmentRole): Promise<void> {
	await assignWorker(db, { familyId, workerId, role, partInPlan: null });
}

/** Rows in a table, for checking that something changed nothing. */
export async function countRows(db: Executor, table: keyof Database): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** The error a promise rejects with, or a test failure if it does not reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('Expected the promise to reject');
}
