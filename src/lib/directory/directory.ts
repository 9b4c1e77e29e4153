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
