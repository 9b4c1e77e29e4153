import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import { isPostgres, type Executor } from './index';

// A correlated subquery's rows as one JSON array column, so a parent and its children come back
// in one round trip instead of one query per parent (no N+1). The SQL differs per dialect; the
// types are the same (the SQLite one is the stricter: explicit selections only).

export function jsonArrayFor(db: Executor): typeof sqliteJsonArrayFrom {
	return isPostgres(db) ? postgresJsonArrayFrom : sqliteJsonArrayFrom;
}

/** SQLite hands JSON back as text; pg has already parsed it. */
export function parseJsonArray<T>(value: T[] | string): T[] {
	return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
