import SQLite from 'better-sqlite3';
import {
	Kysely,
	PostgresDialect,
	SqliteDialect,
	sql,
	type DatabaseConnection,
	type Dialect,
	type KyselyConfig
} from 'kysely';
import pg from 'pg';
import { hashPassword } from '$lib/server/auth/password';
import { isPostgres, isPostgresUrl, type DB, type Executor } from '$lib/server/db';
import type { Database, MemberType, Role } from '$lib/server/db/schema';
import {
	addFamilyMember,
	assignWorker,
	createFamily,
	type AssignmentRole,
	type Family
} from '$lib/server/families/families.service';
import { newId, toTimestamp } from '$lib/server/ids';
import type { PlanRole } from '$lib/server/plans/plan-rules';
import { createService, type Service } from '$lib/server/services/services.service';
import { insertUser } from '$lib/server/users/users.repository';
import { toUser, type User } from '$lib/server/users/users.service';
import { AuditTrail } from '$lib/server/audit/audit.service';
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

// ---------------------------------------------------------------------------------------------
// The family's plan

export interface PlanActor {
	userId: string;
	role: PlanRole;
	/** The name the plan shows for this person. */
	name: string;
	user: User;
}

export interface PlanFamily {
	familyId: string;
	/** An adult with an account. */
	parent: PlanActor & { memberId: string };
	/** A young person with an account. */
	young: PlanActor & { memberId: string };
	/** A child without an account: in the plan, but with no say on goals. */
	child: { memberId: string; name: string };
	lead: PlanActor & { workerId: string };
	team: PlanActor & { workerId: string };
	/** The manager of the lead worker's service (not assigned to the family). */
	manager: PlanActor & { workerId: string };
}

export async function addNamedUser(db: Executor, role: Role, displayName: string): Promise<User> {
	const row = {
		id: newId(),
		username: uniqueName(role),
		display_name: displayName,
		role,
		password_hash: null,
		created_at: toTimestamp(new Date()),
		disabled_at: null
	};
	await insertUser(db, row);
	return toUser(row);
}

/** The signed-in person a worker's account is. */
export function asUser(worker: Worker): User {
	return { id: worker.userId, username: worker.username, displayName: worker.displayName, role: worker.role };
}

/** The policy reads only `db` and `user` from locals and notes the audit trail; the rest of App.Locals is left out. */
export function localsFor(db: DB, user: User | null): App.Locals {
	return { db, user, audit: new AuditTrail() } as App.Locals;
}

/**
 * A family ready for a plan: a parent and a young person with accounts, a child without one, a
 * lead worker, a team member from another service, and the lead's manager. Every person has a
 * name of their own so that "who changed it" can be checked. No plan yet.
 */
export async function addPlanFamily(db: DB, label = uniqueName('Plan')): Promise<PlanFamily> {
	const familyId = (await addFamily(db, label)).id;
	const leadService = (await addService(db)).id;
	const teamService = (await addService(db)).id;

	const parentUser = await addNamedUser(db, 'parent_carer', `${label} parent account`);
	const parentMemberId = await addMember(db, familyId, { displayName: `${label} Parent`, userId: parentUser.id });
	const youngUser = await addNamedUser(db, 'young_person', `${label} young account`);
	const youngMemberId = await addMember(db, familyId, {
		displayName: `${label} Young`,
		memberType: 'young_person',
		userId: youngUser.id
	});
	const childMemberId = await addMember(db, familyId, { displayName: `${label} Child`, memberType: 'young_person' });

	const newWorker = (serviceId: string, role: StaffRole, displayName: string) =>
		createWorker(db, {
			username: uniqueName(role),
			displayName,
			role,
			serviceId,
			jobTitle: 'Family support worker',
			passwordHash: null
		});
	const lead = await newWorker(leadService, 'worker', `${label} Lead`);
	await assign(db, familyId, lead.id, 'lead');
	const team = await newWorker(teamService, 'worker', `${label} Team`);
	await assign(db, familyId, team.id, 'team');
	const manager = await newWorker(leadService, 'manager', `${label} Manager`);

	return {
		familyId,
		parent: { userId: parentUser.id, role: 'member', name: `${label} Parent`, user: parentUser, memberId: parentMemberId },
		young: { userId: youngUser.id, role: 'member', name: `${label} Young`, user: youngUser, memberId: youngMemberId },
		child: { memberId: childMemberId, name: `${label} Child` },
		lead: { userId: lead.userId, role: 'lead', name: lead.displayName, user: asUser(lead), workerId: lead.id },
		team: { userId: team.userId, role: 'team', name: team.displayName, user: asUser(team), workerId: team.id },
		manager: {
			userId: manager.userId,
			role: 'manager',
			name: manager.displayName,
			user: asUser(manager),
			workerId: manager.id
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Opening a test database again with options of our own

/** Where a test database lives: its SQLite file, or its PostgreSQL URL (TEST_DATABASE_URL's server). */
export async function databaseUrl(db: DB): Promise<string> {
	if (isPostgres(db)) {
		const server = process.env.TEST_DATABASE_URL;
		if (!server) throw new Error('TEST_DATABASE_URL is not set');
		const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
		const url = new URL(server);
		url.pathname = `/${rows[0]!.name}`;
		return url.toString();
	}
	const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
	const file = rows.find((r) => r.name === 'main')?.file;
	if (!file) throw new Error('The SQLite database has no file');
	return file;
}

export interface OpenOptions {
	/** Kysely's log option, e.g. to count the queries a piece of code makes. */
	log?: KyselyConfig['log'];
	/**
	 * Awaited just before each transaction commits: lets a test hold one transaction open (its
	 * work done, its locks held) while another runs, to check what happens when two overlap.
	 */
	beforeCommit?: () => Promise<void>;
}

/**
 * Another connection to a test database, set up like `createDb` but with `options`. The caller
 * destroys it (before the database is dropped).
 */
export function openDatabase(url: string, options: OpenOptions = {}): DB {
	let dialect: Dialect;
	if (isPostgresUrl(url)) {
		const pool = new pg.Pool({ connectionString: url, max: 10 });
		pool.on('error', (error) => console.error('PostgreSQL: idle connection closed', error.message));
		dialect = new PostgresDialect({ pool });
	} else {
		const sqlite = new SQLite(url);
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		dialect = new SqliteDialect({ database: sqlite });
	}
	if (options.beforeCommit) dialect = holdingCommits(dialect, options.beforeCommit);
	return new Kysely<Database>({ dialect, log: options.log });
}

function holdingCommits(dialect: Dialect, beforeCommit: () => Promise<void>): Dialect {
	return {
		createAdapter: () => dialect.createAdapter(),
		createIntrospector: (db) => dialect.createIntrospector(db),
		createQueryCompiler: () => dialect.createQueryCompiler(),
		createDriver: () =>
			new Proxy(dialect.createDriver(), {
				get(target, property) {
					if (property === 'commitTransaction') {
						return async (connection: DatabaseConnection) => {
							await beforeCommit();
							await target.commitTransaction(connection);
						};
					}
					const value: unknown = Reflect.get(target, property, target);
					return typeof value === 'function' ? value.bind(target) : value;
				}
			})
	};
}
