import { isUniqueViolation, type Executor } from '../db';
import type { ServiceRow } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { findService, findServiceByName, insertService, listServiceRows } from './services.repository';

export interface Service {
	id: string;
	name: string;
	description: string | null;
}

export class ServiceRuleError extends Error {
	constructor(public readonly code: 'name_taken') {
		super(code);
		this.name = 'ServiceRuleError';
	}
}

function toService(row: ServiceRow): Service {
	return { id: row.id, name: row.name, description: row.description };
}

export async function listServices(db: Executor): Promise<Service[]> {
	return (await listServiceRows(db)).map(toService);
}

export async function getService(db: Executor, serviceId: string): Promise<Service | null> {
	const row = await findService(db, serviceId);
	return row ? toService(row) : null;
}

export async function createService(
	db: Executor,
	input: { name: string; description: string | null },
	now = new Date()
): Promise<Service> {
	if (await findServiceByName(db, input.name)) throw new ServiceRuleError('name_taken');
	const service: Service = { id: newId(), name: input.name, description: input.description };
	try {
		await insertService(db, { ...service, created_at: toTimestamp(now) });
	} catch (error) {
		// Two admins adding the same name at once: the unique index has the last word.
		if (isUniqueViolation(error)) throw new ServiceRuleError('name_taken');
		throw error;
	}
	return service;
}
