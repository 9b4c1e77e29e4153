// "What's new": the shape a line has on the page, and which sentence says it. Browser-safe; the
// server decides whose lines they are.

export interface NewsLineView {
	id: string;
	kind: string;
	/** Who did it, when a person did (null for a date coming up). */
	actorName: string | null;
	/** The service, for a reply to a rating (a rating's reply is the service's, not a person's). */
	serviceName: string | null;
	params: Record<string, string | number>;
	createdAt: string;
	seen: boolean;
}

export interface NewsPageView {
	items: NewsLineView[];
	olderBefore: string | null;
	unseen: number;
}

/** The request statuses that have their own sentence; any other reads as "there is news". */
const REQUEST_STATUS_KEYS: ReadonlySet<string> = new Set(['waiting', 'question', 'accepted', 'declined', 'answered']);

/** The translation key and the typed names (each shown in its own <bdi>) for one line. */
export function newsSentence(line: NewsLineView): { key: string; names: Record<string, string> } {
	const name = line.actorName ?? '';
	switch (line.kind) {
		case 'view_reply':
			return { key: line.params.own === 0 ? 'news:kind.view_reply_family' : 'news:kind.view_reply_own', names: { name } };
		case 'rating_reply':
			return { key: 'news:kind.rating_reply', names: { service: line.serviceName ?? '' } };
		case 'request_update': {
			const status = String(line.params.status ?? '');
			return { key: `news:kind.request_update.${REQUEST_STATUS_KEYS.has(status) ? status : 'other'}`, names: {} };
		}
		case 'action_due':
		case 'handover':
		case 'review_due':
			return { key: `news:kind.${line.kind}`, names: {} };
		default:
			return { key: `news:kind.${line.kind}`, names: { name } };
	}
}
