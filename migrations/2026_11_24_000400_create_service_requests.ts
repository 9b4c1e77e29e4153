import { sql, type Kysely } from 'kysely';

// A family asking a service for help ("Ask for help"), straight to the service where it takes
// families asking for themselves, or through their lead worker. What help is wanted is in the
// family's own words. The parts of the plan the family chose to share with the service are rows
// in service_request_share: withdrawing consent deletes them, so the service sees nothing after.
//
// Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('service_request')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('family_id', 'text', (c) => c.notNull().references('family.id').onDelete('cascade'))
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id').onDelete('cascade'))
		.addColumn('asked_by_user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		// 'self': the family asked the service; 'worker': they asked their lead worker to ask for them.
		.addColumn('route', 'text', (c) => c.notNull())
		.addColumn('help_wanted', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('waiting'))
		.addColumn('decline_reason', 'text')
		.addColumn('question', 'text')
		.addColumn('answer', 'text')
		// The plan action this request carries out, if any ("Ask the debt advice service for help").
		.addColumn('action_id', 'text', (c) => c.references('goal_action.id').onDelete('set null'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		// When the service accepted or declined: the end of the wait the managers' chart measures.
		.addColumn('decided_at', 'text')
		.addColumn('decided_by_user_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('consent_withdrawn_at', 'text')
		// A request asked through the worker waits with them ('with_worker') until they pass it on,
		// with an optional note to the service in their own words.
		.addColumn('passed_on_at', 'text')
		.addColumn('passed_on_by_user_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('worker_note', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.addCheckConstraint('service_request_route_check', sql`route in ('self', 'worker')`)
		.addCheckConstraint(
			'service_request_status_check',
			sql`status in ('with_worker', 'waiting', 'question', 'accepted', 'declined')`
		)
		.execute();
	await db.schema.createIndex('service_request_family_idx').on('service_request').column('family_id').execute();
	await db.schema
		.createIndex('service_request_service_idx')
		.on('service_request')
		.columns(['service_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('service_request_share')
		.addColumn('request_id', 'text', (c) => c.notNull().references('service_request.id').onDelete('cascade'))
		// One shared part: a section of the plan ('going_well', 'worried_about', 'needs_to_happen')
		// or one goal (goal_id set, section 'goal').
		.addColumn('section', 'text', (c) => c.notNull())
		.addColumn('goal_id', 'text', (c) => c.references('goal.id').onDelete('cascade'))
		.addCheckConstraint(
			'service_request_share_section_check',
			sql`(section = 'goal' and goal_id is not null) or (section in ('going_well', 'worried_about', 'needs_to_happen') and goal_id is null)`
		)
		.execute();
	await db.schema
		.createIndex('service_request_share_request_idx')
		.on('service_request_share')
		.column('request_id')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('service_request_share').execute();
	await db.schema.dropTable('service_request').execute();
}
