import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code, so it keeps meaning the same
// thing when the app's types move on. Ids are random text made by the app; timestamps are ISO 8601
// UTC text (they sort correctly and read the same on SQLite and PostgreSQL); dates are YYYY-MM-DD.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('disabled_at', 'text')
		.addCheckConstraint(
			'app_user_role_check',
			sql`role in ('parent_carer', 'young_person', 'worker', 'manager', 'admin')`
		)
		.execute();

	await db.schema
		.createTable('user_session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('user_session_user_id_idx').on('user_session').column('user_id').execute();

	// Sign-in throttling lives in the database so it survives a restart and is shared by every
	// app process.
	await db.schema
		.createTable('sign_in_throttle')
		.addColumn('account_key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('last_failure_at', 'text', (c) => c.notNull())
		.addColumn('blocked_until', 'text')
		.execute();

	await db.schema
		.createTable('rate_limit_bucket')
		.addColumn('bucket_key', 'text', (c) => c.primaryKey())
		.addColumn('tokens', 'double precision', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('service')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull().unique())
		.addColumn('description', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('worker')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().unique().references('app_user.id'))
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
		.addColumn('job_title', 'text', (c) => c.notNull())
		.addColumn('phone', 'text')
		.addColumn('email', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('worker_service_id_idx').on('worker').column('service_id').execute();

	await db.schema
		.createTable('family')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('family_status_check', sql`status in ('active', 'closed')`)
		.execute();

	await db.schema
		.createTable('family_member')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
		.addColumn('user_id', 'text', (c) => c.unique().references('app_user.id'))
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('member_type', 'text', (c) => c.notNull())
		.addColumn('date_of_birth', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('family_member_type_check', sql`member_type in ('adult', 'young_person')`)
		.execute();
	await db.schema
		.createIndex('family_member_family_id_idx')
		.on('family_member')
		.column('family_id')
		.execute();

	await db.schema
		.createTable('family_worker')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
		.addColumn('worker_id', 'text', (c) => c.notNull().references('worker.id'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('part_in_plan', 'text')
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('ended_at', 'text')
		.addCheckConstraint('family_worker_role_check', sql`role in ('lead', 'team')`)
		.execute();
	// One lead worker at a time: at most one current lead assignment per family. Ending an
	// assignment (closing a family, or a handover) sets ended_at, which frees the slot.
	await db.schema
		.createIndex('family_worker_one_lead_idx')
		.on('family_worker')
		.column('family_id')
		.unique()
		.where(sql.ref('role'), '=', 'lead')
		.where(sql.ref('ended_at'), 'is', null)
		.execute();
	await db.schema
		.createIndex('family_worker_one_current_idx')
		.on('family_worker')
		.columns(['family_id', 'worker_id'])
		.unique()
		.where(sql.ref('ended_at'), 'is', null)
		.execute();
	await db.schema
		.createIndex('family_worker_worker_id_idx')
		.on('family_worker')
		.column('worker_id')
		.execute();

	await db.schema
		.createTable('invite')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		// Either a family member who has no account yet (they choose a username), or a staff
		// account the admin made (the username is set; they choose a password).
		.addColumn('family_member_id', 'text', (c) => c.references('family_member.id'))
		.addColumn('user_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.addCheckConstraint(
			'invite_one_target_check',
			sql`(family_member_id is null and user_id is not null) or (family_member_id is not null and user_id is null)`
		)
		.execute();
	await db.schema
		.createIndex('invite_family_member_id_idx')
		.on('invite')
		.column('family_member_id')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'invite',
		'family_worker',
		'family_member',
		'family',
		'worker',
		'service',
		'rate_limit_bucket',
		'sign_in_throttle',
		'user_session',
		'app_user'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
