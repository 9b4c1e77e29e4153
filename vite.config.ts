import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { scanRouteNamespaces } from './src/lib/i18n/route-namespaces';

export default defineConfig({
	plugins: [sveltekit()],
	// Each page's namespaces, read off the code (src/lib/i18n/route-namespaces.ts): the browser
	// downloads only those. Read when Vite starts, so `vite dev` needs a restart after a page starts
	// using another namespace.
	define: { __ROUTE_NAMESPACES__: JSON.stringify(scanRouteNamespaces()) },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					// Each file gets its own fresh database; PostgreSQL ones are created per file too.
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					setupFiles: ['tests/e2e/support/setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					// One built server and one Chromium serve the whole suite; files run one after another.
					fileParallelism: false
				}
			}
		]
	}
});
