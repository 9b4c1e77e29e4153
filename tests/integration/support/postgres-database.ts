import { randomBytes } from 'node:crypto';
import pg from 'pg';

// A fresh PostgreSQL database on a server, and its removal: for the integration tests' databases,
// the scale-out test's shared one and the benchmark's. Never the database the URL names, which
// only serves to create the new one.

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

export interface PostgresDatabase {
	name: string;
	url: string;
	/** Ends every connection to it and drops it. */
	drop(): Promise<void>;
}

/** A new, empty database named `<prefix>_<random hex>` on the server `serverUrl` points at. */
export async function createPostgresDatabase(serverUrl: string, prefix: string): Promise<PostgresDatabase> {
	if (!/^[a-z_]+$/.test(prefix)) throw new Error(`Not a safe database name prefix: ${prefix}`);
	// A name we make ourselves (lower-case letters and hex), so it is safe to put in the statement.
	const name = `${prefix}_${randomBytes(8).toString('hex')}`;
	await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.toString(),
		drop: () =>
			withAdminClient(serverUrl, async (client) => {
				await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
				await client.query(`DROP DATABASE IF EXISTS ${name}`);
			})
	};
}

/** Runs work on a database over a connection of its own (ANALYZE, a check). */
export async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	return withAdminClient(url, work);
}
