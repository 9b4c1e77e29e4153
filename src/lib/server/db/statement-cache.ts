import type SQLite from 'better-sqlite3';

/**
 * Kysely's SQLite driver prepares every query it runs, and preparing costs more than running most
 * of ours: the plan page's queries spent as long in `prepare` as in SQLite itself. The app asks
 * the same few hundred statements over and over (Kysely compiles the same query to the same SQL,
 * with values as parameters), so each is prepared once and reused. A statement still being read
 * (a stream) is never handed out twice: a fresh one is prepared for that call.
 *
 * The cache is bounded: past `limit` distinct statements the oldest goes. Schema changes do not
 * need clearing it: SQLite prepares a statement again by itself when the schema it was made
 * against has changed.
 */
export function cacheStatements(sqlite: SQLite.Database, limit = 1000): SQLite.Database {
	const prepare = sqlite.prepare.bind(sqlite);
	const cache = new Map<string, SQLite.Statement>();
	const cached = (source: string): SQLite.Statement => {
		const hit = cache.get(source);
		if (hit && !hit.busy) return hit;
		const statement = prepare(source);
		if (!hit) {
			if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
			cache.set(source, statement);
		}
		return statement;
	};
	sqlite.prepare = cached as typeof sqlite.prepare;
	return sqlite;
}
