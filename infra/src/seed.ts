// The demo firm: signed up through the gateway, with a few clients. Used by `./portico start`
// (stack.ts) and, standalone, by docker-compose.yml's one-shot `seed` service, which runs this
// file in the official Node image; so it imports nothing but Node itself.
//
//   GATEWAY_URL=http://127.0.0.1:8080 DEMO_PASSWORD_FILE=<file> node infra/src/seed.ts
//   (DEMO_PASSWORD instead of the file; PUBLIC_GATEWAY_URL: the origin printed in the login hint)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO = { firmName: 'Demo & Co. Accountants', ownerName: 'Dana Demo', email: 'owner@demo-firm.test' };

const CLIENTS = [
  { kind: 'individual', displayName: 'Alex Morgan', emails: ['alex.morgan@example.test'] },
  { kind: 'business', displayName: 'Birch & Pine Bakery LLC', emails: ['accounts@birchpine.example.test'] },
  { kind: 'individual', displayName: 'Casey Lee', emails: [] },
];

export class SeedError extends Error {}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Signs the demo firm up (or finds it already there) and gives it a few clients. Returns whether it created it. */
export async function seedDemoFirm(gatewayUrl: string, password: string): Promise<boolean> {
  const signup = await post(`${gatewayUrl}/api/identity/firms`, { ...DEMO, password });
  if (signup.status !== 201 && signup.status !== 409) {
    throw new SeedError(`seeding the demo firm failed: POST /api/identity/firms answered ${signup.status} ${JSON.stringify(signup.json)}`);
  }
  if (signup.status === 409) return false; // seeded by an earlier start on this database
  const login = await post(`${gatewayUrl}/api/identity/auth/login`, { email: DEMO.email, password });
  const token = login.json.accessToken;
  if (login.status !== 200 && login.status !== 201) throw new SeedError(`demo login failed: ${login.status}`);
  for (const client of CLIENTS) {
    const created = await post(`${gatewayUrl}/api/clients/clients`, client, String(token));
    if (created.status !== 201) throw new SeedError(`seeding client ${client.displayName} failed: ${created.status} ${JSON.stringify(created.json)}`);
  }
  return true;
}

/** The curl command that logs the demo owner in. */
export function loginHint(gatewayUrl: string, password: string): string {
  return `curl -s ${gatewayUrl}/api/identity/auth/login -H 'content-type: application/json' \\
                  -d '{"email":"${DEMO.email}","password":"${password}"}'`;
}

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const gatewayUrl = (env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const password = env.DEMO_PASSWORD_FILE ? readFileSync(env.DEMO_PASSWORD_FILE, 'utf8').trim() : env.DEMO_PASSWORD;
  if (!password) throw new SeedError('set DEMO_PASSWORD or DEMO_PASSWORD_FILE');
  const created = await seedDemoFirm(gatewayUrl, password);
  process.stdout.write(`Demo firm ${DEMO.firmName} ${created ? 'seeded' : 'already there'}.
  log in:     ${loginHint((env.PUBLIC_GATEWAY_URL ?? gatewayUrl).replace(/\/+$/, ''), password)}
`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.env).catch((error: unknown) => {
    process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
