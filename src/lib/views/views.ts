// A young person's views: what they can write about, how they feel, and who sees it. Shared by
// the forms in the browser and the rules on the server.

export const VIEW_PROMPTS = ['home', 'school', 'friends', 'want_to_happen', 'worker_should_know', 'next_review'] as const;
export type ViewPrompt = (typeof VIEW_PROMPTS)[number];

/** Five faces, each with its word; never shown by colour alone. Best first. */
export const VIEW_FEELINGS = ['great', 'good', 'okay', 'not_great', 'bad'] as const;
export type ViewFeeling = (typeof VIEW_FEELINGS)[number];

/** Who sees a view, most private first. Only the young person who wrote it chooses. */
export const VIEW_AUDIENCES = ['only_me', 'worker', 'family'] as const;
export type ViewAudience = (typeof VIEW_AUDIENCES)[number];

/** A new view reaches the lead worker and nobody else: the most private choice that reaches someone. */
export const DEFAULT_VIEW_AUDIENCE: ViewAudience = 'worker';

/** A young person's view is answered within this many working days unless the service says otherwise. */
export const DEFAULT_VIEW_REPLY_DAYS = 5;
/** The reply times a manager may choose from: at least a day, at most four working weeks. */
export const VIEW_REPLY_DAYS_RANGE = { min: 1, max: 20 } as const;

/** How a view stands, as its author and the worker see it. */
export type ViewStatus = 'draft' | 'waiting' | 'read' | 'replied';

export function isShared(audience: ViewAudience): boolean {
	return audience !== 'only_me';
}

export interface ViewSummary {
	id: string;
	authorUserId: string;
	authorName: string;
	prompt: ViewPrompt;
	feeling: ViewFeeling | null;
	body: string;
	audience: ViewAudience;
	status: ViewStatus;
	/** Never shared yet: the text can still be changed or the draft thrown away. */
	isDraft: boolean;
	createdAt: string;
	sharedAt: string | null;
	/** When an answer is due, while one is awaited. */
	dueOn: string | null;
	overdue: boolean;
	readAt: string | null;
	readByName: string | null;
	messageCount: number;
	/** A reply came after the author last looked. */
	hasNewReply: boolean;
	/** The version as read, so a change made meanwhile in another window is noticed. */
	version: number;
}

export interface ViewMessage {
	id: string;
	authorName: string;
	fromAuthor: boolean;
	body: string;
	createdAt: string;
}

export interface ViewThread extends ViewSummary {
	messages: ViewMessage[];
}
