import type { DB } from '../db';
import { newId, toTimestamp } from '../ids';
import { addChange, rateService, replyToRating } from '../ratings/ratings.service';
import { insertUser } from '../users/users.repository';
import type { RatingScore, ReplyTag } from '$lib/ratings/ratings';

// What families said about the demo's services, written through the same services the pages use.
// The Family Support Service has enough ratings (14) for its figures to show, most answered, two
// still waiting (one past its date), and two changes made because of them; the School Nursing
// Service has three, too few for figures. Dan's anonymous rating has Morgan's reply; Amira has not
// rated the Family Support Service yet, so the demo can show her doing it.

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

interface DemoRating {
	by: string;
	score: RatingScore;
	good?: string;
	better?: string;
	anonymous: boolean;
	daysAgo: number;
	reply?: { by: 'morgan' | 'jo' | 'priya' | 'grace'; afterDays: number; body: string; tag?: ReplyTag };
}

// Other families who use the services and rated them. They have no demo sign-in.
const OTHER_RATERS: readonly { key: string; name: string; role: 'parent_carer' | 'young_person' }[] = [
	{ key: 'kerry', name: 'Kerry Walsh', role: 'parent_carer' },
	{ key: 'tom', name: 'Tom Price', role: 'parent_carer' },
	{ key: 'aisha', name: 'Aisha Rahman', role: 'parent_carer' },
	{ key: 'bogdan', name: 'Bogdan Popescu', role: 'parent_carer' },
	{ key: 'sadia', name: 'Sadia Khan', role: 'parent_carer' },
	{ key: 'jade', name: 'Jade Morris', role: 'young_person' },
	{ key: 'nadia', name: 'Nadia Ali', role: 'parent_carer' },
	{ key: 'lee', name: 'Lee Carter', role: 'parent_carer' },
	{ key: 'ola', name: 'Ola Nowak', role: 'parent_carer' },
	{ key: 'ryan', name: 'Ryan Hughes', role: 'young_person' },
	{ key: 'hannah', name: 'Hannah Green', role: 'parent_carer' }
];

const FAMILY_SUPPORT: readonly DemoRating[] = [
	{ by: 'kerry', score: 'very_good', good: 'Jo listened and never made me feel judged.', anonymous: false, daysAgo: 330, reply: { by: 'morgan', afterDays: 2, body: 'Thank you, Kerry. I have passed your kind words on to Jo.', tag: 'thank_you' } },
	{ by: 'tom', score: 'poor', better: 'It took three weeks before anyone called me back.', anonymous: true, daysAgo: 300, reply: { by: 'morgan', afterDays: 3, body: 'We are sorry you waited so long. We are looking at how we answer calls.', tag: 'looking_into_it' } },
	{ by: 'aisha', score: 'good', good: 'The plan is in my own words.', better: 'Meetings at school pick-up time are hard for me.', anonymous: true, daysAgo: 270, reply: { by: 'morgan', afterDays: 9, body: 'Thank you. We now offer meetings from 9.30 to 2.30 so they do not clash with school runs.', tag: 'change_made' } },
	{ by: 'bogdan', score: 'very_good', good: 'Priya found someone who speaks Romanian for our meeting.', anonymous: false, daysAgo: 240, reply: { by: 'priya', afterDays: 1, body: 'Thank you, Bogdan. It was good to meet your family.', tag: 'thank_you' } },
	{ by: 'sadia', score: 'neither', better: 'I did not know who to call when my worker was on holiday.', anonymous: true, daysAgo: 200, reply: { by: 'morgan', afterDays: 4, body: 'Thank you for telling us. Every family now sees who covers when their worker is away.', tag: 'change_made' } },
	{ by: 'jade', score: 'good', good: 'My worker talks to me, not just my mum.', anonymous: true, daysAgo: 170, reply: { by: 'morgan', afterDays: 2, body: 'Thank you. We will keep making sure young people have their say.', tag: 'thank_you' } },
	{ by: 'nadia', score: 'very_good', good: 'Help with school uniform and the food bank when we needed it most.', anonymous: false, daysAgo: 140, reply: { by: 'jo', afterDays: 3, body: 'Thank you, Nadia. I am glad it helped.', tag: 'thank_you' } },
	{ by: 'lee', score: 'very_poor', better: 'Nobody told me my worker had changed.', anonymous: true, daysAgo: 110, reply: { by: 'morgan', afterDays: 8, body: 'We are very sorry. A change of worker now always comes with a note from both workers, and we tell you before it happens.', tag: 'change_planned' } },
	{ by: 'ola', score: 'good', good: 'Clear plan and we know what happens next.', anonymous: true, daysAgo: 80, reply: { by: 'morgan', afterDays: 2, body: 'Thank you for taking the time to tell us.', tag: 'thank_you' } },
	{ by: 'ryan', score: 'dont_know', better: 'Some words in the plan were hard to understand.', anonymous: true, daysAgo: 50, reply: { by: 'morgan', afterDays: 5, body: 'Thank you. You can now switch any page to Easy Read. Tell us if anything is still hard to follow.', tag: 'change_made' } },
	{ by: 'dan', score: 'good', good: 'Chris and now Priya have both been easy to talk to.', better: 'Evening appointments would help because I work days.', anonymous: true, daysAgo: 12, reply: { by: 'morgan', afterDays: 3, body: 'Thank you. We are asking our workers which evenings they could offer, and will tell you what we decide.', tag: 'looking_into_it' } },
	{ by: 'hannah', score: 'very_good', good: 'Everything was explained in plain words.', anonymous: false, daysAgo: 20, reply: { by: 'jo', afterDays: 1, body: 'Thank you, Hannah!', tag: 'thank_you' } },
	// Still waiting for a reply: one past its date, one not yet.
	{ by: 'kerry', score: 'good', good: 'Still going well, thank you.', better: 'A text the day before a visit would help.', anonymous: false, daysAgo: 16 },
	{ by: 'tom', score: 'neither', better: 'The waiting room at the family centre is very noisy.', anonymous: true, daysAgo: 2 }
];

const SCHOOL_NURSING: readonly DemoRating[] = [
	{ by: 'leo', score: 'very_good', good: 'Grace helped me sleep better and did not make a big thing of it.', anonymous: true, daysAgo: 25, reply: { by: 'grace', afterDays: 2, body: 'Thank you for telling us. The drop-in is there every Wednesday.', tag: 'thank_you' } },
	{ by: 'jade', score: 'good', good: 'The drop-in is easy to get to at lunch.', anonymous: true, daysAgo: 60, reply: { by: 'grace', afterDays: 3, body: 'Thank you!', tag: 'thank_you' } },
	{ by: 'sadia', score: 'poor', better: 'I could not get through on the phone.', anonymous: false, daysAgo: 5 }
];

export async function seedRatings(
	db: DB,
	people: {
		users: Record<string, { userId: string; displayName: string }>;
		familySupport: { id: string; ratingReplyDays: number };
		schoolNursing: { id: string; ratingReplyDays: number };
		unusablePasswordHash: string;
	},
	now: Date
): Promise<void> {
	const users = { ...people.users };
	for (const rater of OTHER_RATERS) {
		const id = newId();
		await insertUser(db, {
			id,
			username: `rater-${rater.key}`,
			display_name: rater.name,
			role: rater.role,
			password_hash: people.unusablePasswordHash,
			created_at: toTimestamp(daysAgo(now, 365)),
			disabled_at: null
		});
		users[rater.key] = { userId: id, displayName: rater.name };
	}
	const ratingIds = new Map<string, string>();
	const seed = async (service: { id: string; ratingReplyDays: number }, ratings: readonly DemoRating[]) => {
		for (const [i, r] of ratings.entries()) {
			const rater = users[r.by];
			if (!rater) throw new Error(`No demo rater ${r.by}`);
			const at = daysAgo(now, r.daysAgo);
			const { ratingId } = await rateService(
				db,
				rater,
				service,
				{ score: r.score, whatWasGood: r.good ?? null, couldBeBetter: r.better ?? null, anonymous: r.anonymous },
				null,
				at
			);
			ratingIds.set(`${service.id}:${i}`, ratingId);
			if (r.reply) {
				const replier = users[r.reply.by];
				if (!replier) throw new Error(`No demo replier ${r.reply.by}`);
				await replyToRating(db, ratingId, replier.userId, { body: r.reply.body, tag: r.reply.tag ?? null }, new Date(at.getTime() + r.reply.afterDays * DAY));
			}
		}
	};
	await seed(people.familySupport, FAMILY_SUPPORT);
	await seed(people.schoolNursing, SCHOOL_NURSING);

	const linked = (...indexes: number[]) => indexes.map((i) => ratingIds.get(`${people.familySupport.id}:${i}`) as string);
	const morgan = users.morgan;
	if (!morgan) throw new Error('No demo manager');
	await addChange(
		db,
		people.familySupport.id,
		morgan.userId,
		{
			youSaid: 'Meetings at school drop-off and pick-up times were hard to get to.',
			weDid: 'Family meetings now happen between 9.30 and 2.30 unless you ask for another time.',
			madeOn: toTimestamp(daysAgo(now, 255)).slice(0, 10),
			ratingIds: linked(2)
		},
		daysAgo(now, 255)
	);
	await addChange(
		db,
		people.familySupport.id,
		morgan.userId,
		{
			youSaid: 'You did not know who to call when your worker was away, or that your worker had changed.',
			weDid: 'Your page now shows who covers when your worker is away, and a change of worker always comes with a note from both workers.',
			madeOn: toTimestamp(daysAgo(now, 95)).slice(0, 10),
			ratingIds: linked(4, 7)
		},
		daysAgo(now, 95)
	);
}
