import type { Kysely } from 'kysely';

// A second factor for sign-in (TOTP from an authenticator app, with single-use recovery codes) and
// one-time password reset codes that a worker or the administrator makes for a family member who
// has no email. Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// 0 until the person has typed a code from their app (or a recovery code) in this session.
	// Every session that exists when this runs starts unverified: staff are asked for a code (or to
	// set one up) at their next page, rather than being let through on a session made without one.
	await db.schema
		.alterTable('user_session')
		.addColumn('two_factor_verified', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	// One authenticator per person. confirmed_at is null while it is being set up: the secret has
	// been shown but no code from it typed yet, so it does not count. last_used_step is the time
	// step of the last code accepted: a code from that step or before is refused (no replay). A
	// 30-second step count fits an integer until long after anyone reading this.
	await db.schema
		.createTable('user_totp')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('confirmed_at', 'text')
		.addColumn('last_used_step', 'integer')
		.execute();

	// Only a hash of each recovery code is kept; each works once.
	await db.schema
		.createTable('recovery_code')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();
	await db.schema.createIndex('recovery_code_user_id_idx').on('recovery_code').column('user_id').execute();

	// Like invites: only the hash is stored, the code is shown once, it works once, and not for long.
	await db.schema
		.createTable('password_reset')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();
	await db.schema.createIndex('password_reset_user_id_idx').on('password_reset').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('password_reset').execute();
	await db.schema.dropTable('recovery_code').execute();
	await db.schema.dropTable('user_totp').execute();
	await db.schema.alterTable('user_session').dropColumn('two_factor_verified').execute();
}
