// The services directory's shared words: what kinds of support a service gives and how a family
// asks it for help. Stored as Open Referral UK attributes (taxonomy terms) in the directory file.

export const SUPPORT_KINDS = ['one_to_one', 'group', 'practical_help', 'advice', 'outreach', 'interpretation'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** How to ask for help: by yourself, or through your worker (or both). */
export const ASK_ROUTES = ['self', 'worker'] as const;
export type AskRoute = (typeof ASK_ROUTES)[number];

/** The Open Referral UK taxonomies our attributes use. */
export const KIND_TAXONOMY = 'common-ground-support-kind';
export const ASK_TAXONOMY = 'common-ground-ask-for-help';

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export function isSupportKind(value: string): value is SupportKind {
	return (SUPPORT_KINDS as readonly string[]).includes(value);
}

/** The statuses the public directory lists; a temporarily closed service is shown with a notice. */
export const LISTED_STATUSES = ['active', 'temporarily closed'] as const satisfies readonly ServiceStatus[];

/** What a directory file may hold, and what the directory keeps of it. */
export const DIRECTORY_LIMITS = {
	/** Largest file the admin may import, in bytes (5 MB). */
	fileBytes: 5 * 1024 * 1024,
	/** Most services in one file. */
	services: 2000,
	nameLength: 200,
	descriptionLength: 5000,
	/** Oldest age a service may give for who it is for. */
	maxAge: 150,
	/** Row problems listed after a failed import; the rest are counted. */
	listedErrors: 200
} as const;

/** Ages a family may search by. */
export const SEARCH_AGE_RANGE = { min: 0, max: 120 } as const;
