import { describe, expect, it } from 'vitest';
import {
	mayCheckIn,
	mayMarkActionDone,
	actionState,
	everyoneAgrees,
	NEXT_STATUSES,
	peopleWhoAgree,
	progressSeries,
	promisesKept,
	type Checkin,
	type PlanPerson
} from './plan-rules';

// The plan's pure rules: what state an action is in, what counts as a promise kept, how ratings
// become one line per person, whose agreement a goal needs, and what "today" is for a family.

const TODAY = '2026-03-10';

describe('actionState', () => {
	it('calls an action done on its due date, or before, done on time', () => {
		expect(actionState('2026-03-05', '2026-03-05', TODAY)).toBe('done_on_time');
		expect(actionState('2026-03-05', '2026-03-01', TODAY)).toBe('done_on_time');
		// Done early for something not due until later is on time too.
		expect(actionState('2026-04-01', '2026-03-09', TODAY)).toBe('done_on_time');
	});

	it('calls an action done after its due date done late', () => {
		expect(actionState('2026-03-05', '2026-03-06', TODAY)).toBe('done_late');
	});

	it('calls an undone action overdue only once its due date has passed', () => {
		expect(actionState('2026-03-09', null, TODAY)).toBe('overdue');
		expect(actionState(TODAY, null, TODAY)).toBe('to_do');
		expect(actionState('2026-03-11', null, TODAY)).toBe('to_do');
	});
});

describe('promisesKept', () => {
	const action = (dueDate: string, doneOn: string | null) => ({ dueDate, doneOn });

	it('counts nothing for no actions', () => {
		expect(promisesKept([], TODAY)).toEqual({ kept: 0, due: 0 });
	});

	it('leaves out actions not yet due and not done', () => {
		expect(promisesKept([action(TODAY, null), action('2026-04-01', null)], TODAY)).toEqual({ kept: 0, due: 0 });
	});

	it('counts an action done early as due and kept, even before its date', () => {
		expect(promisesKept([action('2026-04-01', '2026-03-01')], TODAY)).toEqual({ kept: 1, due: 1 });
	});

	it('counts an action done late as due but not kept', () => {
		expect(promisesKept([action('2026-03-01', '2026-03-02')], TODAY)).toEqual({ kept: 0, due: 1 });
	});

	it('counts an overdue action as due but not kept', () => {
		expect(promisesKept([action('2026-03-09', null)], TODAY)).toEqual({ kept: 0, due: 1 });
	});

	it('adds them up', () => {
		const actions = [
			action('2026-03-01', '2026-03-01'), // kept
			action('2026-03-02', '2026-02-20'), // kept (early)
			action('2026-03-03', '2026-03-08'), // late
			action('2026-03-04', null), // overdue
			action('2026-03-20', null), // not yet due
			action('2026-03-21', '2026-03-09') // done early, not yet due: kept
		];
		expect(promisesKept(actions, TODAY)).toEqual({ kept: 3, due: 5 });
	});
});

function checkin(userId: string, name: string, side: Checkin['side'], date: string, score: number, comment: string | null = null): Checkin {
	return { id: `${userId}-${date}-${score}`, userId, name, side, score, comment, date };
}

describe('progressSeries', () => {
	it('is empty without check-ins', () => {
		expect(progressSeries([])).toEqual([]);
	});

	it('keeps one line per person, the family first (by name), then the workers', () => {
		const series = progressSeries([
			checkin('jo', 'Jo Bennett', 'worker', '2026-03-01', 4),
			checkin('leo', 'Leo', 'family', '2026-03-01', 6),
			checkin('amira', 'Amira', 'family', '2026-03-01', 3),
			checkin('jo', 'Jo Bennett', 'worker', '2026-03-08', 5),
			checkin('amira', 'Amira', 'family', '2026-03-08', 5)
		]);
		expect(series.map((s) => [s.name, s.side, s.points.length])).toEqual([
			['Amira', 'family', 2],
			['Leo', 'family', 1],
			['Jo Bennett', 'worker', 2]
		]);
	});

	it('puts each line in date order with its first and latest rating, never merging people', () => {
		const [amira, jo] = progressSeries([
			checkin('amira', 'Amira', 'family', '2026-03-15', 7, 'Much better'),
			checkin('jo', 'Jo Bennett', 'worker', '2026-03-08', 2),
			checkin('amira', 'Amira', 'family', '2026-03-01', 2, 'Hard week'),
			checkin('amira', 'Amira', 'family', '2026-03-08', 4)
		]);
		expect(amira).toEqual({
			userId: 'amira',
			name: 'Amira',
			side: 'family',
			points: [
				{ date: '2026-03-01', score: 2 },
				{ date: '2026-03-08', score: 4 },
				{ date: '2026-03-15', score: 7 }
			],
			latest: { date: '2026-03-15', score: 7, comment: 'Much better' },
			first: { date: '2026-03-01', score: 2 }
		});
		expect(jo).toMatchObject({
			userId: 'jo',
			side: 'worker',
			points: [{ date: '2026-03-08', score: 2 }],
			latest: { date: '2026-03-08', score: 2, comment: null },
			first: { date: '2026-03-08', score: 2 }
		});
	});
});

function member(id: string, name: string, memberType: 'adult' | 'young_person', userId: string | null): PlanPerson {
	return { kind: 'member', id, userId, name, memberType, workerRole: null, serviceName: null };
}

function worker(id: string, name: string, workerRole: 'lead' | 'team'): PlanPerson {
	return { kind: 'worker', id, userId: `user-${id}`, name, memberType: null, workerRole, serviceName: 'Service' };
}

// Listed in no particular order, as the database returns them.
const PEOPLE: PlanPerson[] = [
	worker('sam', 'Sam', 'team'),
	member('zoe', 'Zoe', 'young_person', 'user-zoe'),
	worker('jo', 'Jo', 'lead'),
	member('noor', 'Noor', 'young_person', null),
	member('yusuf', 'Yusuf', 'adult', 'user-yusuf'),
	member('leo', 'Leo', 'young_person', 'user-leo'),
	member('amira', 'Amira', 'adult', 'user-amira'),
	member('grandad', 'Grandad', 'adult', null)
];

describe('peopleWhoAgree', () => {
	it('is the adults with accounts, then young people with accounts, each by name, then the lead worker', () => {
		expect(peopleWhoAgree(PEOPLE).map((p) => p.name)).toEqual(['Amira', 'Yusuf', 'Leo', 'Zoe', 'Jo']);
	});

	it('leaves out people without accounts and team members, and does not reorder its input', () => {
		const before = PEOPLE.map((p) => p.id);
		const names = peopleWhoAgree(PEOPLE).map((p) => p.name);
		expect(names).not.toContain('Noor');
		expect(names).not.toContain('Grandad');
		expect(names).not.toContain('Sam');
		expect(PEOPLE.map((p) => p.id)).toEqual(before);
	});

	it('has no lead when the family has none', () => {
		expect(peopleWhoAgree(PEOPLE.filter((p) => p.workerRole !== 'lead')).map((p) => p.name)).toEqual([
			'Amira',
			'Yusuf',
			'Leo',
			'Zoe'
		]);
	});
});

describe('everyoneAgrees', () => {
	const required = ['user-amira', 'user-yusuf', 'user-leo', 'user-zoe', 'user-jo'];
	const agreeing = (userIds: string[]) => userIds.map((user_id) => ({ user_id, position: 'agree' as const }));

	it('is true when every member with an account and the lead agree', () => {
		expect(everyoneAgrees(PEOPLE, agreeing(required))).toBe(true);
	});

	it('does not wait for people without accounts or for team members', () => {
		const teamDisagrees = [...agreeing(required), { user_id: 'user-sam', position: 'disagree' as const }];
		expect(everyoneAgrees(PEOPLE, teamDisagrees)).toBe(true);
	});

	it('is false while anyone who has a say has not agreed, is not sure or disagrees', () => {
		for (const missing of required) {
			expect(everyoneAgrees(PEOPLE, agreeing(required.filter((u) => u !== missing)))).toBe(false);
		}
		const notSure = [...agreeing(required.slice(1)), { user_id: 'user-amira', position: 'not_sure' as const }];
		expect(everyoneAgrees(PEOPLE, notSure)).toBe(false);
		const disagrees = [...agreeing(required.slice(0, 4)), { user_id: 'user-jo', position: 'disagree' as const }];
		expect(everyoneAgrees(PEOPLE, disagrees)).toBe(false);
	});

	it('is false without a lead worker, or without any family member with an account', () => {
		const noLead = PEOPLE.filter((p) => p.workerRole !== 'lead');
		expect(everyoneAgrees(noLead, agreeing(required))).toBe(false);
		const noAccounts = PEOPLE.filter((p) => p.kind === 'worker');
		expect(everyoneAgrees(noAccounts, agreeing(required))).toBe(false);
	});
});

describe('NEXT_STATUSES', () => {
	it('never lets anyone choose "agreed" by hand', () => {
		for (const next of Object.values(NEXT_STATUSES)) expect(next).not.toContain('agreed');
	});

	it('lets any goal be stopped except one already stopped, and a stopped goal be started again', () => {
		expect(Object.entries(NEXT_STATUSES).filter(([, next]) => next.includes('stopped')).map(([s]) => s)).toEqual([
			'suggested',
			'agreed',
			'working_on'
		]);
		expect(NEXT_STATUSES.stopped).toEqual(['suggested']);
	});
});


describe('mayMarkActionDone', () => {
	it('lets the family and the lead worker tick off any action', () => {
		expect(mayMarkActionDone('member', null, 'w1')).toBe(true);
		expect(mayMarkActionDone('lead', 'w9', null)).toBe(true);
	});

	it('lets a team member tick off only their own', () => {
		expect(mayMarkActionDone('team', 'w1', 'w1')).toBe(true);
		expect(mayMarkActionDone('team', 'w1', 'w2')).toBe(false);
		expect(mayMarkActionDone('team', 'w1', null)).toBe(false);
		expect(mayMarkActionDone('team', null, null)).toBe(false);
	});

	it('never lets a manager, who only reads the plan', () => {
		expect(mayMarkActionDone('manager', 'w1', 'w1')).toBe(false);
	});
});

describe('mayCheckIn', () => {
	it('lets the family and the lead worker score any goal', () => {
		expect(mayCheckIn('member', false)).toBe(true);
		expect(mayCheckIn('lead', false)).toBe(true);
	});

	it('lets a team member score only a goal they own a promise under', () => {
		expect(mayCheckIn('team', true)).toBe(true);
		expect(mayCheckIn('team', false)).toBe(false);
	});

	it('never lets a manager', () => {
		expect(mayCheckIn('manager', true)).toBe(false);
	});
});
