import { isUniqueViolation, type Executor } from '../db';
import type { ServiceRow } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { DEFAULT_RATING_REPLY_DAYS } from '$lib/ratings/ratings';
import { DEFAULT_VIEW_REPLY_DAYS, VIEW_REPLY_DAYS_RANGE } from '$lib/views/views';
import { findService, findServiceByName, insertService, listServiceRows, updateReplyDays } from './services.repository';

export interface Service {
	id: string;
	name: string;
	description: string | null;
	/** Working days the service gives itself to answer a young person's view. */
	viewReplyDays: number;
	/** Working days the service gives itself to answer a family's rating. */
	ratingReplyDays: number;
}


export class ServiceRuleError extends Error {
	constructor(public readonly code: 'name_taken') {
		super(code);
		this.name = 'ServiceRuleError';
	}
}

function toService(row: ServiceRow): Service {
	return {
		id: row.id,
		name: row.name,
		description: row.description,
		viewReplyDays: row.view_reply_days,
		ratingReplyDays: row.rating_reply_days
	};
}

export async function listServices(db: Executor): Promise<Service[]> {
	return (await listServiceRows(db)).map(toService);
}

export async function getService(db: Executor, serviceId: string): Promise<Service | null> {
	const row = await findService(db, serviceId);
	return row ? toService(row) : null;
}

export async function getServiceByName(db: Executor, name: string): Promise<Service | null> {
	const row = await findServiceByName(db, name);
	return row ? toService(row) : null;
}

export async function createService(
	db: Executor,
	input: { name: string; description: string | null },
	now = new Date()
): Promise<Service> {
	if (await findServiceByName(db, input.name)) throw new ServiceRuleError('name_taken');
	const service: Service = {
		id: newId(),
		name: input.name,
		description: input.description,
		viewReplyDays: DEFAULT_VIEW_REPLY_DAYS,
		ratingReplyDays: DEFAULT_RATING_REPLY_DAYS
	};
	try {
		await insertService(db, {
			id: service.id,
			name: service.name,
			description: service.description,
			view_reply_days: service.viewReplyDays,
			directory_id: crypto.randomUUID(),
			search_text: [service.name, service.description ?? ''].join(' ').toLowerCase(),
			created_at: toTimestamp(now)
		});
	} catch (error) {
		// Two admins adding the same name at once: the unique index has the last word.
		if (isUniqueViolation(error)) throw new ServiceRuleError('name_taken');
		throw error;
	}
	return service;
}

/**
 * A manager's choice of reply time, for young people's views or for families' ratings; applies to
 * what arrives from now on.
 */
export async function setReplyDays(db: Executor, serviceId: string, what: 'view' | 'rating', days: number): Promise<void> {
	if (!Number.isInteger(days) || days < VIEW_REPLY_DAYS_RANGE.min || days > VIEW_REPLY_DAYS_RANGE.max) {
		throw new RangeError(`reply days out of range: ${days}`);
	}
	await updateReplyDays(db, serviceId, what === 'view' ? 'view_reply_days' : 'rating_reply_days', days);
}
