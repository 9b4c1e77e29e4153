// Runs the built server (build/) with sensible local defaults. In production set
// ORIGIN to the public address; PORT and DATABASE_URL as needed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

/** Room for a worker's photo (up to 5 MB) in a form; adapter-node's own default is 512 KB. */
export const DEFAULT_BODY_SIZE_LIMIT = '6M';

/**
 * How node runs the server. V8 lets the old generation grow to about four times what was still
 * in use after its last full collection before collecting again: the server keeps some 20 MB, and
 * under load that headroom alone took the process past 250 MB. Growing by at most as much again
 * (100 %) collects twice as often, each collection marking the same 20 MB, so it costs no
 * measurable CPU per page (tests/bench), and it is no ceiling: a server that really holds more
 * gets proportionally more room, never an out-of-memory crash.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

export function serve(): void {
	if (!existsSync('build/index.js')) {
		console.error('No build found. Run `npm run build` first.');
		process.exit(1);
	}
	const port = process.env.PORT || '3000';
	// Without ORIGIN adapter-node assumes https and refuses every form POST as cross-site.
	const origin = process.env.ORIGIN || `http://localhost:${port}`;
	const bodySizeLimit = process.env.BODY_SIZE_LIMIT || DEFAULT_BODY_SIZE_LIMIT;
	const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'build/index.js'], {
		stdio: 'inherit',
		env: { ...process.env, PORT: port, ORIGIN: origin, BODY_SIZE_LIMIT: bodySizeLimit }
	});
	console.log(`Common Ground is starting on ${origin}`);
	// The server drains in-flight requests and closes the database on SIGTERM or SIGINT (see
	// hooks.server.ts), then exits 0; this process passes the signal on and ends as the server did.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => child.kill(signal));
	}
	child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

