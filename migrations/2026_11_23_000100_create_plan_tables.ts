import { sql, type Kysely } from 'kysely';

// The family's plan: one current plan per family, goals in the family's words, each person's
// position on each goal, actions (promises) with an owner and a date, progress check-ins, review
// meetings with an agenda, and an append-only history of every change. Frozen in time like every
// migration: no application imports. Dates are YYYY-MM-DD text, timestamps ISO 8601 UTC text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('plan')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// One current plan per family, enforced here rather than trusted to code.
		.addColumn('family_id', 'text', (c) => c.notNull().unique().references('family.id').onDelete('cascade'))
		.addColumn('going_well', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('worried_about', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('needs_to_happen', 'text', (c) => c.notNull().defaultTo(''))
		// Bumped on every change to the three summary sections, so a stale edit is detected.
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by_user_id', 'text', (c) => c.references('app_user.id'))
		.execute();

	await db.schema
		.createTable('goal')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('why_it_matters', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('how_we_know', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('outcome_area', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('stopped_reason', 'text')
		.addColumn('suggested_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addCheckConstraint(
			'goal_outcome_area_check',
			sql`outcome_area in ('being_healthy', 'staying_safe', 'enjoying_achieving', 'positive_contribution', 'economic_wellbeing')`
		)
		.addCheckConstraint(
			'goal_status_check',
			sql`status in ('suggested', 'agreed', 'working_on', 'done', 'stopped')`
		)
		.addCheckConstraint('goal_stopped_reason_check', sql`status <> 'stopped' or stopped_reason is not null`)
		.execute();
	await db.schema.createIndex('goal_plan_id_idx').on('goal').columns(['plan_id', 'created_at']).execute();

	// Each person's position on a goal. One row per person per goal, replaced when they change
	// their mind; the history table keeps every earlier position.
	await db.schema
		.createTable('goal_position')
		.addColumn('goal_id', 'text', (c) => c.notNull().references('goal.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('position', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('recorded_at', 'text', (c) => c.notNull())
		.addColumn('reply', 'text')
		.addColumn('reply_by_user_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('replied_at', 'text')
		.addPrimaryKeyConstraint('goal_position_pk', ['goal_id', 'user_id'])
		.addCheckConstraint('goal_position_position_check', sql`position in ('agree', 'not_sure', 'disagree')`)
		.addCheckConstraint('goal_position_reason_check', sql`position <> 'disagree' or reason is not null`)
		.execute();
	await db.schema.createIndex('goal_position_user_id_idx').on('goal_position').column('user_id').execute();

	await db.schema
		.createTable('goal_action')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('goal_id', 'text', (c) => c.notNull().references('goal.id').onDelete('cascade'))
		.addColumn('description', 'text', (c) => c.notNull())
		// Exactly one owner: a family member, a worker, or another service named in words.
		.addColumn('owner_member_id', 'text', (c) => c.references('family_member.id'))
		.addColumn('owner_worker_id', 'text', (c) => c.references('worker.id'))
		.addColumn('owner_service_name', 'text')
		.addColumn('due_date', 'text', (c) => c.notNull())
		.addColumn('done_on', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addCheckConstraint(
			'goal_action_one_owner_check',
			sql`(case when owner_member_id is null then 0 else 1 end) + (case when owner_worker_id is null then 0 else 1 end) + (case when owner_service_name is null then 0 else 1 end) = 1`
		)
		.execute();
	await db.schema.createIndex('goal_action_goal_id_idx').on('goal_action').column('goal_id').execute();
	await db.schema.createIndex('goal_action_owner_worker_id_idx').on('goal_action').column('owner_worker_id').execute();

	await db.schema
		.createTable('goal_checkin')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('goal_id', 'text', (c) => c.notNull().references('goal.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		// Whose view this is: the family's and the workers' ratings are kept side by side.
		.addColumn('side', 'text', (c) => c.notNull())
		.addColumn('score', 'integer', (c) => c.notNull())
		.addColumn('comment', 'text')
		.addColumn('checked_in_on', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('goal_checkin_score_check', sql`score >= 0 and score <= 10`)
		.addCheckConstraint('goal_checkin_side_check', sql`side in ('family', 'worker')`)
		.execute();
	await db.schema
		.createIndex('goal_checkin_goal_id_idx')
		.on('goal_checkin')
		.columns(['goal_id', 'checked_in_on'])
		.execute();

	await db.schema
		.createTable('review_meeting')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('meeting_date', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull())
		.addColumn('decisions', 'text')
		.addColumn('held_at', 'text')
		.addColumn('recorded_by_user_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('review_meeting_held_check', sql`(held_at is null) = (decisions is null)`)
		.execute();
	// At most one review waiting to happen per plan: "the next review" is never ambiguous.
	await db.schema
		.createIndex('review_meeting_one_next_idx')
		.on('review_meeting')
		.column('plan_id')
		.unique()
		.where(sql.ref('held_at'), 'is', null)
		.execute();

	await db.schema
		.createTable('agenda_item')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('review_id', 'text', (c) => c.notNull().references('review_meeting.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('added_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		// Set when the lead worker says they have seen it; until then it waits in their list.
		.addColumn('noted_at', 'text')
		.execute();
	await db.schema.createIndex('agenda_item_review_id_idx').on('agenda_item').column('review_id').execute();

	// Append-only: every change to the plan, who made it, when, and the old and new text.
	await db.schema
		.createTable('plan_history')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('goal_id', 'text', (c) => c.references('goal.id').onDelete('cascade'))
		.addColumn('actor_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('happened_at', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('field', 'text')
		.addColumn('old_value', 'text')
		.addColumn('new_value', 'text')
		// A reason or comment that goes with the change ("I don't agree because …").
		.addColumn('note', 'text')
		.execute();
	await db.schema
		.createIndex('plan_history_plan_id_idx')
		.on('plan_history')
		.columns(['plan_id', 'happened_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'plan_history',
		'agenda_item',
		'review_meeting',
		'goal_checkin',
		'goal_action',
		'goal_position',
		'goal',
		'plan'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
