import type { Insertable, Selectable } from 'kysely';

// Table types mirror migrations/ as they stand after the latest migration. Timestamps are ISO 8601
// UTC text; dates are YYYY-MM-DD text. Mappers in each domain's service turn rows into domain types.

export type Role = 'parent_carer' | 'young_person' | 'worker' | 'manager' | 'admin';

export interface UserTable {
	id: string;
	username: string;
	display_name: string;
	role: Role;
	password_hash: string | null;
	created_at: string;
	disabled_at: string | null;
}

export interface SessionTable {
	id: string;
	user_id: string;
	secret_hash: string;
	created_at: string;
	expires_at: string;
}

export interface SignInThrottleTable {
	account_key: string;
	failures: number;
	last_failure_at: string;
	blocked_until: string | null;
}

export interface RateLimitBucketTable {
	bucket_key: string;
	tokens: number;
	updated_at: string;
}

export interface ServiceTable {
	id: string;
	name: string;
	description: string | null;
	created_at: string;
}

export interface WorkerTable {
	id: string;
	user_id: string;
	service_id: string;
	job_title: string;
	phone: string | null;
	email: string | null;
	created_at: string;
}

export type FamilyStatus = 'active' | 'closed';

export interface FamilyTable {
	id: string;
	name: string;
	status: FamilyStatus;
	created_at: string;
}

export type MemberType = 'adult' | 'young_person';

export interface FamilyMemberTable {
	id: string;
	family_id: string;
	user_id: string | null;
	display_name: string;
	member_type: MemberType;
	date_of_birth: string | null;
	created_at: string;
}

export type AssignmentRole = 'lead' | 'team';

export interface FamilyWorkerTable {
	id: string;
	family_id: string;
	worker_id: string;
	role: AssignmentRole;
	part_in_plan: string | null;
	started_at: string;
	ended_at: string | null;
}

export interface InviteTable {
	id: string;
	code_hash: string;
	family_member_id: string | null;
	user_id: string | null;
	created_by_user_id: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface Database {
	app_user: UserTable;
	user_session: SessionTable;
	sign_in_throttle: SignInThrottleTable;
	rate_limit_bucket: RateLimitBucketTable;
	service: ServiceTable;
	worker: WorkerTable;
	family: FamilyTable;
	family_member: FamilyMemberTable;
	family_worker: FamilyWorkerTable;
	invite: InviteTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ServiceRow = Selectable<ServiceTable>;
export type WorkerRow = Selectable<WorkerTable>;
export type FamilyRow = Selectable<FamilyTable>;
export type FamilyMemberRow = Selectable<FamilyMemberTable>;
export type FamilyWorkerRow = Selectable<FamilyWorkerTable>;
export type InviteRow = Selectable<InviteTable>;
