// Who the suite acts as. Shared by global setup (which signs each account in once) and the tests.

/**
 * The demo accounts the tests act as, each signed in once for the whole suite. chris is a demo
 * account too, but nothing needs to act as him: priya stands for a worker on both sides of a
 * handover, and the pages he would see are reached through these sessions. grace has a session
 * of her own without signing in (SESSION_ONLY, below).
 */
export const SIGNED_IN = ['amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'dan', 'mia', 'priya'] as const;
export type Account = (typeof SIGNED_IN)[number];
export type Role = Account | 'anonymous';

/**
 * Accounts with a session written straight into the database by global setup, before the server
 * starts: they never sign in, so they cost nothing from the sign-in budget below. They are not in
 * the tables that go through every role (authorization's pages, the axe crawl); the tests that need
 * them name them. grace works for the School Nursing Service, whose ratings she answers: she
 * stands for the staff of another service that also has ratings (sam's school has none). kim
 * manages Money Matters Debt Advice, where Amira asked for help: she answers families' requests.
 */
export const SESSION_ONLY = ['grace', 'kim'] as const;
export type SessionOnly = (typeof SESSION_ONLY)[number];
/** Everyone with a session. */
export type Person = Account | SessionOnly;
/** Whoever a request or a browser acts as: any session, or nobody signed in. */
export type Actor = Role | SessionOnly;

// Sign-in POSTs that reach the throttle (an empty form never does): the server allows 20 per IP
// address in a burst, then one every 3 s, and everything here comes from 127.0.0.1. The suite makes
// 16 or 17: global setup 9 (one per account above), axe-crawl 1 (wrong password), no-javascript 2
// (one right, one wrong), headers 4 or 5 (the throttle test). Keep it under 18: one more account
// at most, and only one a test truly needs. The second step (staff typing their code at
// /sign-in/code) costs nothing here: wrong codes are throttled per account, not per address, and
// each account types one code, once. two-factor.test.ts signs in on a server of its own.

/** The demo's workers, by username. */
export type DemoWorker = 'jo' | 'priya' | 'chris' | 'grace' | 'sam' | 'morgan';

/** Who a demo account is, as the database knows them. */
export interface DemoPerson {
	userId: string;
	username: string;
	displayName: string;
}

/**
 * A demo rating of a service and who wrote it: only the database knows the author of an anonymous
 * one, so the tests can look for them where no page may show them.
 */
export interface DemoRating {
	id: string;
	serviceId: string;
	anonymous: boolean;
	author: DemoPerson;
}

/** Ids from the demo data, read from the database before the server starts. */
export interface DemoIds {
	/** Family A: the Hassan family (amira, leo; jo leads, sam and grace in the team). */
	familyA: string;
	/** Family B: the Kowalski family (dan, mia; priya leads since a handover from chris 35 days ago). */
	familyB: string;
	/** Family Support Service (jo, priya, chris, morgan). */
	familySupportService: string;
	/** Oakfield School Pastoral Team (sam). */
	schoolService: string;
	/** School Nursing Service (grace; no manager). */
	schoolNursingService: string;
	/** Noor, the family A member without an account (whom an invite could be made for). */
	familyAMemberWithoutAccount: string;
	/** Each demo worker's worker id (not their user id). */
	workers: Record<DemoWorker, string>;
	/** Sam's team assignment in family A (for the administrator's "end" button). */
	samAssignmentA: string;
	/** Jo's week away, 21 to 25 days from today, with Priya covering. */
	joAbsence: string;
	/** Family B's handover from Chris to Priya, 35 days ago, with both notes; dan and mia have not seen it. */
	handoverB: string;
	/** A goal in family A's plan that Sam (team) has no action under: "We have enough money for food and bills". */
	goalA: string;
	/** An action under goalA (so not Sam's): who may tick it done is the family and the lead worker. */
	actionA: string;
	/** A goal in family B's plan: "Mia sleeps better before exams". */
	goalB: string;
	/**
	 * Leo's view shared with his worker alone (audience `worker`), read and replied to by Jo: it holds
	 * LEO_PRIVATE_SENTENCE, which nothing Amira, Sam or anyone outside may open can contain.
	 */
	leoWorkerOnly: string;
	/** Leo's view shared with his worker and his family (`family`): waiting for Jo's reply. */
	leoFamily: string;
	/** Leo's draft (`only_me`), for his next review: nobody else sees it. */
	leoDraft: string;
	/** Mia's view shared with Priya alone (`worker`), unanswered and past its reply date. */
	miaOverdue: string;
	/** Mia's newer view, which Priya has answered: the reply is unread in Mia's What's new. */
	miaReplied: string;
	/** Mia's What's new line about her new worker (opens the family's home). */
	miaHandoverNews: string;
	/** Money Matters Debt Advice: kim manages it; Amira asked it for help 12 days ago. */
	debtAdviceService: string;
	/** Amira's request to Money Matters Debt Advice, waiting 12 days. */
	amiraDebtRequest: string;
	/** Amira's request to Money Matters Debt Advice that she asked Jo to pass on: with Jo, unseen by Kim. */
	amiraWorkerRequest: string;
	/** Millbrook Food Bank: in the directory, but nobody there answers ratings or requests here. */
	foodBankService: string;
	/** Each account with a session, as the database knows them (user id, not worker id). */
	people: Record<Person, DemoPerson>;
	/** Every demo rating (14 of the Family Support Service, 3 of the School Nursing Service) with its author. */
	ratings: DemoRating[];
	/** Dan's anonymous rating of the Family Support Service, with Morgan's reply (12 days ago). */
	danRating: string;
	/** Leo's anonymous rating of the School Nursing Service, answered by Grace (25 days ago). */
	leoRating: string;
}
