// The production bundle of one Portico service: its built files under dist/ plus exactly the
// node_modules files its main.js loads, traced by @vercel/nft from the built main.js, and a
// minimal package.json. What deploy/docker/Dockerfile copies into an image, and what
// e2e/platform/test/production-bundle.int-spec.ts starts without the repository around it.
//
//   node deploy/bundle/bundle.ts <service> <outDir>     (after ./portico nx run <service>:build)
//   node deploy/bundle/bundle.ts --all <outRoot>        every service into <outRoot>/<service>, one trace cache
//
// The bundle runs as `NODE_ENV=production node <outDir>` (package.json "main" names the
// service's main.js) or `node <outDir>/dist/services/<service>/src/main.js`.
import { nodeFileTrace } from '@vercel/nft';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICES = ['gateway', 'clients', 'invitations', 'identity', 'files', 'billing', 'notifications', 'tasks'] as const;
export type Service = (typeof SERVICES)[number];

/** The repository this script belongs to. */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundleResult {
  service: Service;
  outDir: string;
  files: number;
  bytes: number;
  /** Native addons in the bundle (paths inside it), e.g. argon2's prebuilt binary for this platform. */
  nativeAddons: string[];
  /** Packages under node_modules, as name@version. */
  packages: string[];
}

export class BundleError extends Error {}

/**
 * Files a traced module reads in a way static analysis cannot see. Swagger UI's page assets
 * are served from the folder `swagger-ui-dist/absolute-path.js` names (by @nestjs/swagger for
 * every service's /api/<service>/docs, by swagger-ui-express for the gateway's /api/docs):
 * nft sees the folder's name, not the files the browser asks for. Source maps and the ES
 * module builds are never served.
 */
function unseenAssets(traced: Set<string>, root: string): string[] {
  const swaggerUi = 'node_modules/swagger-ui-dist';
  if (!traced.has(`${swaggerUi}/absolute-path.js`)) return [];
  return readdirSync(join(root, swaggerUi))
    .filter((name) => !name.endsWith('.map') && !name.startsWith('swagger-ui-es-bundle') && !name.startsWith('log.'))
    .map((name) => `${swaggerUi}/${name}`);
}

const packageOf = (file: string): string | undefined => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

function copyEntry(root: string, outDir: string, file: string, made: Set<string>): number {
  const from = join(root, file);
  const to = join(outDir, file);
  const stat = lstatSync(from);
  if (!made.has(dirname(to))) {
    mkdirSync(dirname(to), { recursive: true });
    made.add(dirname(to));
  }
  if (stat.isSymbolicLink()) {
    const target = readlinkSync(from);
    // A link that leaves the bundle would point at nothing in the image.
    if (relative(outDir, resolve(dirname(to), target)).startsWith('..')) throw new BundleError(`${file} links outside the bundle (${target})`);
    symlinkSync(target, to);
    return 0;
  }
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    return 0;
  }
  copyFileSync(from, to);
  return stat.size;
}

export interface BundleOptions {
  /** The repository whose dist/ and node_modules/ are bundled (default: this script's). */
  root?: string;
  /** nft's analysis cache, shared by several bundles of one run (the same files are analysed once). */
  cache?: object;
}

/** Traces `dist/services/<service>/src/main.js` and writes the bundle into `outDir` (absent or empty). */
export async function bundleService(service: string, outDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const root = options.root ?? repositoryRoot;
  if (!(SERVICES as readonly string[]).includes(service)) throw new BundleError(`unknown service "${service}" (one of ${SERVICES.join(', ')})`);
  const main = `dist/services/${service}/src/main.js`;
  if (!existsSync(join(root, main))) throw new BundleError(`${main} does not exist: build it first (./portico nx run ${service}:build)`);
  const out = resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0) throw new BundleError(`${out} is not empty`);

  const { fileList } = await nodeFileTrace([main], { base: root, processCwd: root, cache: options.cache });
  const files = new Set(fileList);
  for (const asset of unseenAssets(files, root)) files.add(asset);
  // nft lists the repository's package.json (module type lookups); the bundle gets its own.
  files.delete('package.json');
  const stray = [...files].filter((file) => !file.startsWith('dist/') && !file.startsWith('node_modules/'));
  if (stray.length > 0) throw new BundleError(`the trace reached files outside dist/ and node_modules/: ${stray.join(', ')}`);

  mkdirSync(out, { recursive: true });
  let bytes = 0;
  const made = new Set<string>();
  for (const file of [...files].sort()) bytes += copyEntry(root, out, file, made);

  const versions = new Map<string, string>();
  for (const file of files) {
    const name = packageOf(file);
    if (name && !versions.has(name) && files.has(`node_modules/${name}/package.json`)) {
      versions.set(name, (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version);
    }
  }
  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    license?: string;
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
  };
  const manifest = {
    name: `@portico/${service}`,
    version: project.version,
    private: true,
    description: `Portico ${service} service: production bundle (node_modules traced from main.js by @vercel/nft)`,
    license: project.license,
    type: 'commonjs',
    main,
    engines: project.engines,
    // The packages the service itself declares, at the versions bundled; their own dependencies are bundled too.
    dependencies: Object.fromEntries([...versions].filter(([name]) => project.dependencies?.[name]).sort(([a], [b]) => a.localeCompare(b))),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(out, 'package.json'), manifestText);
  bytes += Buffer.byteLength(manifestText);

  return {
    service: service as Service,
    outDir: out,
    files: files.size + 1,
    bytes,
    nativeAddons: [...files].filter((file) => file.endsWith('.node')).sort(),
    packages: [...versions].map(([name, version]) => `${name}@${version}`).sort(),
  };
}

export const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

async function cli(args: string[]): Promise<void> {
  const [service, outDir] = args;
  if (!service || !outDir || args.length !== 2) {
    console.error(
      `usage: node deploy/bundle/bundle.ts <service> <outDir>\n       node deploy/bundle/bundle.ts --all <outRoot>\n  service: ${SERVICES.join(' | ')}`,
    );
    process.exit(2);
  }
  const cache = {};
  const jobs: Array<[string, string]> = service === '--all' ? SERVICES.map((name) => [name, join(outDir, name)]) : [[service, outDir]];
  for (const [name, out] of jobs) {
    const result = await bundleService(name, out, { cache });
    const native = result.nativeAddons.length > 0 ? `, native: ${result.nativeAddons.join(' ')}` : '';
    process.stdout.write(
      `${result.service}: ${megabytes(result.bytes)} in ${result.files} files, ${result.packages.length} packages${native} -> ${result.outDir}\n`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
