import type { DB } from '../db';
import { addAction, addCheckin, changeGoalStatus, recordPosition, replyToDisagreement, savePlanSummary, setActionDone, suggestGoal, type ActionOwner, type GoalText } from '../plans/plans.service';
import { addAgendaItem, scheduleReview } from '../plans/reviews.service';
import { type PlanRole } from '../plans/plan-rules';

// The demo families' plans, written through the same services the pages use (so the history is
// real). Everything is dated relative to `now`: eight weeks of check-ins ending this week, a
// review next month.

const DAY = 24 * 60 * 60 * 1000;

function daysFrom(now: Date, days: number): Date {
	return new Date(now.getTime() + days * DAY);
}

function dateFrom(now: Date, days: number): string {
	return daysFrom(now, days).toISOString().slice(0, 10);
}

interface Person {
	userId: string;
	role: PlanRole;
}

export interface HassanPeople {
	familyId: string;
	amira: Person & { memberId: string };
	leo: Person & { memberId: string };
	jo: Person & { workerId: string };
	sam: Person & { workerId: string };
}

interface ActionSeed {
	description: string;
	owner: ActionOwner;
	/** Due this many days from now (negative: in the past). */
	due: number;
	/** Done this many days from now, if done. */
	done?: number;
}

export async function seedHassanPlan(db: DB, p: HassanPeople, now: Date): Promise<void> {
	const { familyId } = p;
	const start = daysFrom(now, -60);
	await savePlanSummary(
		db,
		{
			familyId,
			actor: p.jo,
			version: 0,
			summary: {
				goingWell:
					'Amira and the children are close and look out for each other. Leo is great at football and helps Noor with reading. The family asked for support themselves.',
				worriedAbout:
					'Leo has missed a lot of school this term and finds mornings hard. Money is tight since Amira’s hours were cut, and the flat is damp.',
				needsToHappen:
					'Leo feels settled at school again. The family has enough money for the basics and a warm, dry home. Amira gets some time for herself.'
			}
		},
		start
	);

	const goal = async (text: GoalText, by: Person, daysAgo: number) =>
		suggestGoal(db, { familyId, actor: by, goal: text }, daysFrom(now, -daysAgo));
	const agree = async (goalId: string, who: Person, daysAgo: number) =>
		recordPosition(db, { familyId, goalId, actor: who, position: 'agree', reason: null }, daysFrom(now, -daysAgo));

	const school = await goal(
		{
			title: 'Leo goes to school every day and feels OK there',
			whyItMatters: 'Leo wants to keep up with his friends and do his GCSE options. Mornings are a battle at the moment.',
			howWeKnow: 'Leo is in school at least 4 days a week and says he feels OK there most days.',
			outcomeArea: 'enjoying_achieving'
		},
		p.amira,
		58
	);
	const money = await goal(
		{
			title: 'We have enough money for food and bills',
			whyItMatters: 'We worry about money every week and it makes everyone tense.',
			howWeKnow: 'We are getting all the benefits we are entitled to and have no bills we cannot pay.',
			outcomeArea: 'economic_wellbeing'
		},
		p.jo,
		57
	);
	const home = await goal(
		{
			title: 'Our flat is warm and dry',
			whyItMatters: 'The damp makes Noor’s asthma worse and the bedroom smells of mould.',
			howWeKnow: 'The landlord has fixed the damp and the bedroom stays dry through winter.',
			outcomeArea: 'being_healthy'
		},
		p.amira,
		56
	);
	const football = await goal(
		{
			title: 'Leo plays football at the club on Saturdays',
			whyItMatters: 'Football is where Leo feels good about himself and sees his mates.',
			howWeKnow: 'Leo goes most Saturdays and the club fees are paid.',
			outcomeArea: 'positive_contribution'
		},
		p.leo,
		50
	);
	const evenings = await goal(
		{
			title: 'Leo is home by 9pm on school nights',
			whyItMatters: 'Amira worries when she does not know where Leo is late at night.',
			howWeKnow: 'Leo is home by 9pm most school nights and texts if he will be late.',
			outcomeArea: 'staying_safe'
		},
		p.jo,
		40
	);

	// Everyone agrees the first four (in their own time); those goals are now being worked on.
	for (const id of [school, money, home, football]) {
		await agree(id, p.amira, 55);
		await agree(id, p.leo, 54);
		await agree(id, p.jo, 53);
		await changeGoalStatus(
			db,
			{ familyId, goalId: id, actor: p.jo, status: 'working_on', stoppedReason: null },
			daysFrom(now, -52)
		);
	}
	// Leo does not agree with the 9pm goal, and says why; Jo has answered him. Amira is not sure yet.
	await agree(evenings, p.jo, 39);
	await recordPosition(
		db,
		{
			familyId,
			goalId: evenings,
			actor: p.leo,
			position: 'disagree',
			reason: 'Football training finishes at 8.30 and I can’t get home by 9 on Tuesdays. 9.30 would be fair.'
		},
		daysFrom(now, -38)
	);
	await replyToDisagreement(
		db,
		{
			familyId,
			goalId: evenings,
			actor: p.jo,
			personUserId: p.leo.userId,
			reply:
				'Thanks Leo, that’s fair. Let’s talk at the review about making Tuesdays 9.30, as long as you text your mum when you leave training.'
		},
		daysFrom(now, -36)
	);
	await recordPosition(
		db,
		{
			familyId,
			goalId: evenings,
			actor: p.amira,
			position: 'not_sure',
			reason: 'I want Leo to be safe but I also want him to keep playing football.'
		},
		daysFrom(now, -37)
	);

	const member = (m: { memberId: string }): ActionOwner => ({ kind: 'member', id: m.memberId });
	const worker = (w: { workerId: string }): ActionOwner => ({ kind: 'worker', id: w.workerId });
	const service = (name: string): ActionOwner => ({ kind: 'service', name });
	const actions: [string, ActionSeed[]][] = [
		[
			school,
			[
				{ description: 'Meet Sam at school to plan a softer start to the day', owner: worker(p.jo), due: -50, done: -51 },
				{ description: 'Set up a morning check-in with Leo before registration', owner: worker(p.sam), due: -45, done: -44 },
				{ description: 'Set two alarms and lay out uniform the night before', owner: member(p.leo), due: -42, done: -43 },
				{ description: 'Tell school by 9am on any day Leo is off sick', owner: member(p.amira), due: -35, done: -36 },
				{ description: 'Arrange a mentor from Year 11 for Leo', owner: worker(p.sam), due: -21, done: -14 },
				{ description: 'Check Leo’s attendance with Sam and share it with the family', owner: worker(p.jo), due: -7, done: -7 },
				{ description: 'Talk to Leo’s form tutor about his GCSE options', owner: member(p.amira), due: 12 }
			]
		],
		[
			money,
			[
				{ description: 'Go through a benefits check with Amira', owner: worker(p.jo), due: -48, done: -49 },
				{ description: 'Apply for the council’s household support fund', owner: member(p.amira), due: -40, done: -38 },
				{ description: 'Book an appointment about debts and bills', owner: service('Citizens Advice'), due: -30, done: -31 },
				{ description: 'Send the energy company the payment plan form', owner: member(p.amira), due: -20, done: -20 },
				{ description: 'Apply for free school meals for Leo and Noor', owner: worker(p.jo), due: -10 },
				{ description: 'Follow up the Universal Credit review', owner: worker(p.jo), due: 9 }
			]
		],
		[
			home,
			[
				{ description: 'Write to the landlord about the damp, with photos', owner: member(p.amira), due: -45, done: -46 },
				{ description: 'Ask environmental health to inspect the flat', owner: worker(p.jo), due: -35, done: -33 },
				{ description: 'Inspect the flat and send a report', owner: service('Council Environmental Health'), due: -21, done: -24 },
				{ description: 'Get a dehumidifier from the local charity', owner: worker(p.jo), due: -28, done: -29 },
				{ description: 'Check the damp repairs are done', owner: worker(p.jo), due: 20 }
			]
		],
		[
			football,
			[
				{ description: 'Ask the club about help with fees', owner: worker(p.jo), due: -40, done: -41 },
				{ description: 'Fill in the club’s registration form', owner: member(p.leo), due: -35, done: -34 }
			]
		],
		[
			evenings,
			[{ description: 'Agree a text when leaving training', owner: member(p.leo), due: 5 }]
		]
	];
	for (const [goalId, list] of actions) {
		for (const seed of list) {
			const createdDaysAgo = Math.max(-seed.due + 7, 1);
			const actionId = await addAction(
				db,
				{ familyId, goalId, actor: p.jo, description: seed.description, owner: seed.owner, dueDate: dateFrom(now, seed.due) },
				daysFrom(now, -Math.min(createdDaysAgo, 55))
			);
			if (seed.done !== undefined) {
				const doneBy = whoMarksDone(seed.owner, p);
				await setActionDone(
					db,
					{
						familyId,
						goalId,
						actionId,
						actor: doneBy,
						actorWorkerId: doneBy === p.sam ? p.sam.workerId : doneBy === p.jo ? p.jo.workerId : null,
						doneOn: dateFrom(now, seed.done)
					},
					daysFrom(now, seed.done)
				);
			}
		}
	}

	// Eight weeks of check-ins: the family and Jo see progress a little differently.
	const weekly: [string, Person, number[]][] = [
		[school, p.amira, [2, 3, 3, 4, 5, 5, 6, 6]],
		[school, p.leo, [3, 3, 4, 4, 4, 5, 5, 7]],
		[school, p.jo, [2, 2, 3, 4, 4, 5, 5, 6]],
		[money, p.amira, [1, 2, 3, 3, 4, 4, 5, 5]],
		[money, p.jo, [2, 3, 4, 5, 5, 6, 6, 7]],
		[home, p.amira, [1, 1, 2, 2, 3, 4, 4, 4]],
		[home, p.jo, [1, 2, 3, 3, 4, 5, 5, 6]],
		[football, p.leo, [4, 5, 6, 7, 7, 8, 8, 9]]
	];
	for (const [goalId, who, scores] of weekly) {
		for (const [week, score] of scores.entries()) {
			const daysAgo = (scores.length - 1 - week) * 7 + 1;
			await addCheckin(
				db,
				{
					familyId,
					goalId,
					actor: who,
					actorWorkerId: who === p.jo ? p.jo.workerId : null,
					score,
					comment: week === scores.length - 1 ? latestComment(goalId === school, who === p.leo) : null,
					date: dateFrom(now, -daysAgo)
				},
				daysFrom(now, -daysAgo)
			);
		}
	}

	await scheduleReview(
		db,
		{ familyId, actor: p.jo, date: dateFrom(now, 30), place: 'Oakfield Family Centre, Room 2' },
		daysFrom(now, -6)
	);
	await addAgendaItem(
		db,
		{ familyId, actor: p.leo, text: 'I want to talk about coming home at 9.30 on Tuesdays after training.' },
		daysFrom(now, -3)
	);
}

/** Whoever owns an action ticks it off; Jo does it for other services. */
function whoMarksDone(owner: ActionOwner, p: HassanPeople): Person {
	if (owner.kind === 'worker') return owner.id === p.sam.workerId ? p.sam : p.jo;
	if (owner.kind === 'member') return owner.id === p.leo.memberId ? p.leo : p.amira;
	return p.jo;
}

function latestComment(isSchool: boolean, isLeo: boolean): string | null {
	if (!isSchool) return null;
	return isLeo ? 'Mornings are easier with the check-in. Mondays still rubbish.' : 'Better most weeks. Mondays are still hard.';
}

export interface KowalskiPeople {
	familyId: string;
	dan: Person & { memberId: string };
	mia: Person & { memberId: string };
	priya: Person & { workerId: string };
}

/** A smaller plan: two goals, a few promises and a handful of check-ins. */
export async function seedKowalskiPlan(db: DB, p: KowalskiPeople, now: Date): Promise<void> {
	const { familyId } = p;
	await savePlanSummary(
		db,
		{
			familyId,
			actor: p.priya,
			version: 0,
			summary: {
				goingWell: 'Dan and Mia get on well and cook together at weekends. Mia is doing well in art.',
				worriedAbout: 'Mia is anxious about exams and not sleeping well.',
				needsToHappen: 'Mia feels calmer and sleeps better before her exams.'
			}
		},
		daysFrom(now, -30)
	);
	const sleep = await suggestGoal(
		db,
		{
			familyId,
			actor: p.mia,
			goal: {
				title: 'Mia sleeps better before exams',
				whyItMatters: 'I can’t concentrate when I’ve been awake half the night.',
				howWeKnow: 'Mia sleeps 8 hours on most school nights.',
				outcomeArea: 'being_healthy'
			}
		},
		daysFrom(now, -28)
	);
	const revision = await suggestGoal(
		db,
		{
			familyId,
			actor: p.dan,
			goal: {
				title: 'Mia has a revision plan she is happy with',
				whyItMatters: 'Knowing what to revise when would make exams less scary.',
				howWeKnow: 'Mia has a weekly plan and sticks to it most weeks.',
				outcomeArea: 'enjoying_achieving'
			}
		},
		daysFrom(now, -27)
	);
	for (const who of [p.dan, p.mia, p.priya]) {
		await recordPosition(db, { familyId, goalId: sleep, actor: who, position: 'agree', reason: null }, daysFrom(now, -26));
	}
	await recordPosition(db, { familyId, goalId: revision, actor: p.dan, position: 'agree', reason: null }, daysFrom(now, -26));
	// Mia does not agree yet, and Priya has answered her: a reply waiting in Mia's "What's new".
	await recordPosition(
		db,
		{ familyId, goalId: revision, actor: p.mia, position: 'disagree', reason: 'I want to make the plan myself, with Priya, not have it made for me.' },
		daysFrom(now, -5)
	);
	await replyToDisagreement(
		db,
		{ familyId, goalId: revision, actor: p.priya, personUserId: p.mia.userId, reply: 'That is fair, Mia. Let’s sit down on Thursday and you choose what goes in it.' },
		daysFrom(now, -3)
	);
	const addFor = async (goalId: string, description: string, owner: ActionOwner, due: number) =>
		addAction(db, { familyId, goalId, actor: p.priya, description, owner, dueDate: dateFrom(now, due) }, daysFrom(now, -25));
	await addFor(sleep, 'Try the sleep app the school nurse suggested', { kind: 'member', id: p.mia.memberId }, -10);
	await addFor(sleep, 'Find a wellbeing group for teenagers near home', { kind: 'worker', id: p.priya.workerId }, 7);
	await addFor(revision, 'Ask school for Mia’s exam timetable', { kind: 'member', id: p.dan.memberId }, 3);
	for (const [i, score] of [3, 4, 4, 5].entries()) {
		const daysAgo = (3 - i) * 7 + 2;
		await addCheckin(
			db,
			{ familyId, goalId: sleep, actor: p.mia, actorWorkerId: null, score, comment: null, date: dateFrom(now, -daysAgo) },
			daysFrom(now, -daysAgo)
		);
	}
}
