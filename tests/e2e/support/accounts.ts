// Who the suite acts as. Shared by global setup (which signs each account in once) and the tests.

/** Every demo account, each signed in once for the whole suite. */
export const SIGNED_IN = ['amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'dan', 'mia', 'priya'] as const;
export type Account = (typeof SIGNED_IN)[number];
export type Role = Account | 'anonymous';

// Sign-in POSTs that reach the throttle (an empty form never does): the server allows 20 per IP
// address in a burst, then one every 3 s, and everything here comes from 127.0.0.1. The suite makes
// 16 or 17: global setup 9 (one per account above), axe-crawl 1 (wrong password), no-javascript 2
// (one right, one wrong), headers 4 or 5 (the throttle test). Keep it under 18.

/** Ids from the demo data, read from the database before the server starts. */
export interface DemoIds {
	/** Family A: the Hassan family (amira, leo; jo leads, sam in the team). */
	familyA: string;
	/** Family B: the Kowalski family (dan, mia; priya leads). */
	familyB: string;
	/** Family Support Service (jo, priya, morgan). */
	familySupportService: string;
	/** Oakfield School Pastoral Team (sam). */
	schoolService: string;
	/** Noor, the family A member without an account (whom an invite could be made for). */
	familyAMemberWithoutAccount: string;
	/** Priya's worker id (a worker not yet in family A's team). */
	priyaWorkerId: string;
	/** A goal in family A's plan that Sam (team) has no action under: "We have enough money for food and bills". */
	goalA: string;
	/** A goal in family B's plan: "Mia sleeps better before exams". */
	goalB: string;
}
