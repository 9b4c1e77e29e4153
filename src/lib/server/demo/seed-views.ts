import type { DB } from '../db';
import { findView } from '../views/views.repository';
import { acknowledgeView, answerView, createView, replyToView } from '../views/views.service';

// Young people's views in the demo, written through the same services the pages use. Leo has one
// view only Jo sees (with the sentence the privacy tests look for), one shared with his family
// that waits for Jo's reply, and a draft; Mia has one that has waited past its date for Priya, and
// a newer one Priya has answered, which Mia has not opened yet (it is new in her "What's new").

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (now: Date, days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * 60 * 60 * 1000);

/** The sentence Leo told Jo alone; no page his mother can open may contain it. */
export const LEO_PRIVATE_SENTENCE = 'I want to choose when I see my dad.';

export interface DemoViews {
	leoWorkerOnly: string;
	leoFamily: string;
	leoDraft: string;
	miaOverdue: string;
	miaReplied: string;
}

async function row(db: DB, viewId: string) {
	const view = await findView(db, viewId);
	if (!view) throw new Error(`Demo view ${viewId} was not saved`);
	return view;
}

export async function seedViews(
	db: DB,
	people: { familyId: string; leoUserId: string; joUserId: string; kowalskiId: string; miaUserId: string; priyaUserId: string },
	now: Date
): Promise<DemoViews> {
	const leoWorkerOnly = await createView(
		db,
		{
			familyId: people.familyId,
			authorUserId: people.leoUserId,
			view: {
				prompt: 'worker_should_know',
				feeling: 'not_great',
				body: `${LEO_PRIVATE_SENTENCE} Sometimes I don’t want to go on Sundays and nobody asks me.`,
				audience: 'worker'
			}
		},
		daysAgo(now, 20)
	);
	await acknowledgeView(db, await row(db, leoWorkerOnly), people.joUserId, daysAgo(now, 19));
	await replyToView(
		db,
		await row(db, leoWorkerOnly),
		people.joUserId,
		'Thank you for telling me, Leo. What you want matters. Before each Sunday I will ask you how you feel about going, and we can work out together what to say. This stays between us unless you want to share it, or someone is not safe.',
		daysAgo(now, 18)
	);
	await answerView(db, await row(db, leoWorkerOnly), 'OK. Can we talk about it on Wednesday?', daysAgo(now, 18, 3));
	await replyToView(
		db,
		await row(db, leoWorkerOnly),
		people.joUserId,
		'Yes. I will see you at school on Wednesday at lunchtime.',
		daysAgo(now, 17)
	);

	const leoFamily = await createView(
		db,
		{
			familyId: people.familyId,
			authorUserId: people.leoUserId,
			view: {
				prompt: 'school',
				feeling: 'good',
				body: 'School is better since I got a mentor. Mornings are still hard, but I am getting there.',
				audience: 'family'
			}
		},
		daysAgo(now, 1)
	);

	const leoDraft = await createView(
		db,
		{
			familyId: people.familyId,
			authorUserId: people.leoUserId,
			view: {
				prompt: 'next_review',
				feeling: null,
				body: 'I want to talk about the football fees, and if I can still go to training on Tuesdays.',
				audience: 'only_me'
			}
		},
		daysAgo(now, 0, -2)
	);

	const miaOverdue = await createView(
		db,
		{
			familyId: people.kowalskiId,
			authorUserId: people.miaUserId,
			view: {
				prompt: 'home',
				feeling: 'not_great',
				body: 'It is too loud at home to do my homework. I want somewhere quiet to go after school.',
				audience: 'worker'
			}
		},
		// Long enough ago to be past its date whatever the season: 18 days always hold more than
		// five working days, bank holidays and all.
		daysAgo(now, 18)
	);

	const miaReplied = await createView(
		db,
		{
			familyId: people.kowalskiId,
			authorUserId: people.miaUserId,
			view: {
				prompt: 'school',
				feeling: 'okay',
				body: 'Art club is the best part of my week. Can I keep going to it during exams?',
				audience: 'worker'
			}
		},
		daysAgo(now, 6)
	);
	await replyToView(
		db,
		await row(db, miaReplied),
		people.priyaUserId,
		'Yes, Mia. Art club helps you feel calm, so it is part of your revision plan too. Let’s fit it in together.',
		daysAgo(now, 2)
	);

	return { leoWorkerOnly, leoFamily, leoDraft, miaOverdue, miaReplied };
}
