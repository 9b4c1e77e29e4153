import type { DB } from '../db';
import { newId, toTimestamp } from '../ids';
import { findPlanForSharing, insertRequest, insertShares } from '../requests/requests.repository';
import type { RequestStatus } from '$lib/requests/requests';

// Families asking services for help. Amira asked Money Matters Debt Advice 12 days ago and is
// still waiting (Jo follows it up), sharing what is going well and her money goal; the Family
// Support Service accepted an earlier request of hers. Past requests from the Kowalski family and
// from Amira, decided after different waits, give each service's managers a few months of figures.
// Three days ago Amira asked Jo to ask Money Matters, for her, about a benefits check: it waits
// with Jo ("Waiting for you to pass on"), and Kim's service does not know of it yet.

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (now: Date, days: number) => toTimestamp(new Date(now.getTime() - days * DAY));

interface DemoRequest {
	by: 'amira' | 'dan';
	service: 'debt' | 'familySupport';
	help: string;
	askedDaysAgo: number;
	/** Days until the service decided; none while it waits. */
	decidedAfter?: number;
	status: RequestStatus;
	/** Asked through the lead worker (Jo), rather than of the service directly. */
	throughWorker?: boolean;
	declineReason?: string;
	shareMoneyGoal?: boolean;
}

const REQUESTS: readonly DemoRequest[] = [
	{
		by: 'amira',
		service: 'debt',
		help: 'We are behind with the gas and electric bills and the letters worry me. I would like help to make a plan to pay them back.',
		askedDaysAgo: 12,
		status: 'waiting',
		shareMoneyGoal: true
	},
	{
		by: 'amira',
		service: 'debt',
		help: 'Could someone check we get all the help with money we should? I find the forms hard to fill in.',
		askedDaysAgo: 3,
		status: 'with_worker',
		throughWorker: true
	},
	{
		by: 'amira',
		service: 'familySupport',
		help: 'I would like to come to a parents’ group where I can meet other mums.',
		askedDaysAgo: 40,
		decidedAfter: 6,
		status: 'accepted'
	},
	{ by: 'dan', service: 'debt', help: 'Help with a loan I cannot keep up with.', askedDaysAgo: 150, decidedAfter: 9, status: 'accepted' },
	{ by: 'dan', service: 'debt', help: 'Help to fill in a form about council tax.', askedDaysAgo: 120, decidedAfter: 4, status: 'accepted' },
	{
		by: 'dan',
		service: 'debt',
		help: 'Help with a parking fine.',
		askedDaysAgo: 95,
		decidedAfter: 15,
		status: 'declined',
		declineReason: 'We do not help with parking fines. Citizens Advice can help you with this.'
	},
	{ by: 'dan', service: 'debt', help: 'Help to talk to my bank about an overdraft.', askedDaysAgo: 70, decidedAfter: 21, status: 'accepted' },
	{ by: 'dan', service: 'debt', help: 'Help to check we get all the benefits we should.', askedDaysAgo: 45, decidedAfter: 7, status: 'accepted' },
	{ by: 'dan', service: 'familySupport', help: 'Help with the school run while I work early shifts.', askedDaysAgo: 100, decidedAfter: 3, status: 'accepted' },
	{ by: 'dan', service: 'familySupport', help: 'Ideas for things Mia and I can do together at weekends.', askedDaysAgo: 60, decidedAfter: 12, status: 'accepted' }
];

export async function seedRequests(
	db: DB,
	p: {
		amira: { userId: string; familyId: string };
		dan: { userId: string; familyId: string };
		services: { debt: string; familySupport: string };
		deciders: { debt: string; familySupport: string };
	},
	now: Date
): Promise<void> {
	for (const r of REQUESTS) {
		const asker = p[r.by];
		const id = newId();
		const created = daysAgo(now, r.askedDaysAgo);
		const decided = r.decidedAfter === undefined ? null : daysAgo(now, r.askedDaysAgo - r.decidedAfter);
		await insertRequest(db, {
			id,
			family_id: asker.familyId,
			service_id: p.services[r.service],
			asked_by_user_id: asker.userId,
			route: r.throughWorker ? 'worker' : 'self',
			help_wanted: r.help,
			status: r.status,
			decline_reason: r.declineReason ?? null,
			created_at: created,
			updated_at: decided ?? created,
			decided_at: decided,
			decided_by_user_id: decided ? p.deciders[r.service] : null
		});
		if (r.shareMoneyGoal) {
			const plan = await findPlanForSharing(db, asker.familyId);
			const goal = plan?.goals.find((g) => g.title.includes('money'));
			await insertShares(db, [
				{ request_id: id, section: 'going_well', goal_id: null },
				...(goal ? [{ request_id: id, section: 'goal' as const, goal_id: goal.id }] : [])
			]);
		}
	}
}
