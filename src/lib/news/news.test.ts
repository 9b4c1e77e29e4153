import { describe, expect, it } from 'vitest';
import { readNamespace } from '$lib/i18n/locale-files';
import { newsSentence, type NewsLineView } from './news';

const line = (kind: string, extra: Partial<NewsLineView> = {}): NewsLineView => ({
	id: 'n1',
	kind,
	actorName: 'Jo Bennett',
	serviceName: null,
	params: {},
	createdAt: '2026-11-23T10:00:00.000Z',
	seen: false,
	...extra
});

const KINDS = ['view_reply', 'rating_reply', 'disagreement_reply', 'goal_new', 'goal_changed', 'action_due', 'action_done', 'handover', 'review_due', 'request_update'];

describe('newsSentence', () => {
	it('has an English sentence for every kind, and the names it fills in are the sentence’s own', () => {
		const english = readNamespace('en-GB', 'news');
		for (const kind of KINDS) {
			const { key, names } = newsSentence(line(kind, { params: { status: 'accepted', date: '2026-12-01' } }));
			const text = english.get(key.replace(/^news:/, ''));
			expect(text, key).toBeDefined();
			for (const name of Object.keys(names)) expect(text, `${key} has {{${name}}}`).toContain(`{{${name}}}`);
		}
	});

	it('tells the author “what you said” and a parent “a young person in your family”', () => {
		expect(newsSentence(line('view_reply', { params: { own: 1 } })).key).toBe('news:kind.view_reply_own');
		expect(newsSentence(line('view_reply', { params: { own: 0 } })).key).toBe('news:kind.view_reply_family');
	});

	it('names the service, not the person, for a reply to a rating', () => {
		expect(newsSentence(line('rating_reply', { serviceName: 'Family Hub' })).names).toEqual({ service: 'Family Hub' });
	});

	it('reads a request status it does not know as plain news', () => {
		expect(newsSentence(line('request_update', { params: { status: 'withdrawn' } })).key).toBe('news:kind.request_update.other');
		expect(newsSentence(line('request_update', { params: { status: 'question' } })).key).toBe('news:kind.request_update.question');
	});
});
