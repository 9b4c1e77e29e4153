import type { Insertable } from 'kysely';
import type { FamilyTable, GoalTable, PlanHistoryTable, PlanTable } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';

// One crash unit: the rows the crash writer commits in one transaction, in real tables made by the
// real migrations. A family (its id is the unit's id), its plan, GOALS_PER_UNIT goals, and one
// plan_history row per goal. Whole or absent, never in part.

export const GOALS_PER_UNIT = 4;

export interface CrashUnit {
	family: Insertable<FamilyTable>;
	plan: Insertable<PlanTable>;
	goals: Insertable<GoalTable>[];
	history: Insertable<PlanHistoryTable>[];
}

export function crashUnit(userId: string, goalCount = GOALS_PER_UNIT): CrashUnit {
	const id = newId();
	const now = new Date().toISOString();
	const plan = {
		id: newId(),
		family_id: id,
		going_well: 'x'.repeat(200),
		worried_about: '',
		needs_to_happen: '',
		version: 1,
		created_at: now,
		updated_at: now,
		updated_by_user_id: userId
	};
	const goals = Array.from({ length: goalCount }, (_, i) => ({
		id: newId(),
		plan_id: plan.id,
		title: `Goal ${i + 1} of ${id}`,
		why_it_matters: '',
		how_we_know: '',
		outcome_area: 'being_healthy' as const,
		status: 'suggested' as const,
		stopped_reason: null,
		suggested_by_user_id: userId,
		version: 1,
		created_at: now,
		updated_at: now,
		updated_by_user_id: userId
	}));
	const history = goals.map((goal) => ({
		id: newId(),
		plan_id: plan.id,
		goal_id: goal.id,
		actor_user_id: userId,
		happened_at: now,
		kind: 'goal_suggested' as const,
		field: null,
		old_value: null,
		new_value: goal.title,
		note: null
	}));
	return { family: { id, name: `Crash ${id.slice(0, 8)}`, status: 'active', created_at: now }, plan, goals, history };
}
