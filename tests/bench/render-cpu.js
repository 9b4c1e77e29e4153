// Server CPU per page render, in-process: imports the built server (build/, as adapter-node's
// handler does), then has it answer the same request N times and divides process.cpuUsage() by N.
// Run by tests/bench/run.ts in a child process of its own (the app's database handle is a
// per-process singleton chosen by DATABASE_URL), which prints one JSON line:
//   node tests/bench/render-cpu.js <database url> <path> <cookie> <renders>
//
// Plain JavaScript (typed by JSDoc, checked by `npm run check`) and run by plain node, as the built
// server runs in production: under tsx every `import()` the server makes while answering (Kit
// loads each page's modules that way, on every request) would also make a round trip to tsx's
// loader thread, which the real server never pays (about a tenth of the CPU measured).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUILD = resolve(import.meta.dirname, '../../build');

/**
 * @typedef {object} BuiltServer
 * @property {(options: { env: Record<string, string> }) => Promise<void>} init
 * @property {(request: Request, options: { getClientAddress: () => string }) => Promise<Response>} respond
 */

/**
 * @typedef {object} RenderCpu
 * @property {number} renders
 * @property {number} cpuMsPerRender
 * @property {number} wallMsPerRender
 * @property {number} status
 */

/**
 * The Server class and manifest: their chunks have hashed names, so they are found through adapter-node's handler.
 * @returns {Promise<BuiltServer>}
 */
async function loadBuiltServer() {
	const entry = readFileSync(join(BUILD, 'handler.js'), 'utf8');
	const handlerChunk = /from '\.\/(server\/chunks\/handler[^']*\.js)'/.exec(entry)?.[1];
	if (!handlerChunk) throw new Error('build/handler.js does not say where the handler is: run `npx vite build`');
	const handler = readFileSync(join(BUILD, handlerChunk), 'utf8');
	const serverChunk = /import \{ (\w+) as Server \} from '\.\/([^']+)'/.exec(handler);
	const manifestChunk = /import \{ (\w+) as manifest \} from '\.\/([^']+)'/.exec(handler);
	if (!serverChunk?.[1] || !serverChunk[2] || !manifestChunk?.[1] || !manifestChunk[2]) {
		throw new Error('The built handler no longer imports Server and manifest as expected');
	}
	const dir = join(BUILD, 'server/chunks');
	/** @type {Record<string, new (manifest: unknown) => BuiltServer>} */
	const serverModule = await import(pathToFileURL(join(dir, serverChunk[2])).href);
	/** @type {Record<string, unknown>} */
	const manifestModule = await import(pathToFileURL(join(dir, manifestChunk[2])).href);
	const Server = serverModule[serverChunk[1]];
	if (!Server) throw new Error('The built server chunk has no Server export');
	const server = new Server(manifestModule[manifestChunk[1]]);
	await server.init({ env: /** @type {Record<string, string>} */ (process.env) });
	return server;
}

/**
 * @param {string} path
 * @param {string} cookie
 * @param {number} renders
 * @returns {Promise<RenderCpu>}
 */
async function measure(path, cookie, renders) {
	const server = await loadBuiltServer();
	const origin = process.env.ORIGIN ?? 'http://127.0.0.1';
	const render = async () => {
		const response = await server.respond(new Request(`${origin}${path}`, { headers: { cookie, accept: 'text/html' } }), {
			getClientAddress: () => '127.0.0.1'
		});
		// Bytes, as adapter-node writes them to the socket: decoding them to a string is not the server's work.
		await response.arrayBuffer();
		return response.status;
	};
	const status = await render();
	if (status !== 200) return { renders: 0, cpuMsPerRender: NaN, wallMsPerRender: NaN, status };
	for (let i = 0; i < Math.min(200, renders); i++) await render();
	const cpu = process.cpuUsage();
	const wall = performance.now();
	for (let i = 0; i < renders; i++) await render();
	const used = process.cpuUsage(cpu);
	return {
		renders,
		cpuMsPerRender: (used.user + used.system) / 1000 / renders,
		wallMsPerRender: (performance.now() - wall) / renders,
		status
	};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [, , databaseUrl, path, cookie, renders] = process.argv;
	if (!databaseUrl || !path || cookie === undefined) throw new Error('usage: render-cpu.js <database url> <path> <cookie> <renders>');
	process.env.DATABASE_URL = databaseUrl;
	const result = await measure(path, cookie, Number(renders || 2000));
	console.log(JSON.stringify(result));
	// The server's timers and database pool would keep the process up.
	process.exit(0);
}
