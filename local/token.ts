/**
 * `npm run token -- <user> [--tenant <tenant>] [--ttl 12h]`: prints only a bearer token for a seeded
 * user (tenant `demo` by default), signed with the local cloud's persisted keys (created if absent).
 *
 *   curl -H "Authorization: Bearer $(npm run --silent token -- manager)" http://127.0.0.1:3000/v1/tickets
 */
import { parseArgs } from 'node:util';
import { createIdentity, fileKeyStore, parseTtl } from './identity.ts';
import { dataDirectory, dataPaths } from './paths.ts';
import { defaultTenant, findSeedUser, seedTenants } from './seed.ts';

const usage = (): string =>
  [
    'Usage: npm run token -- <user> [--tenant <tenant>] [--ttl <lifetime>]',
    '',
    'Seeded users:',
    ...seedTenants.map((tenant) => `  --tenant ${tenant.id}: ${tenant.users.map((user) => user.userId).join(', ')}`),
    '',
    `Default tenant: ${defaultTenant}. Lifetime: seconds or 30m, 12h, 1d (default 12h).`,
  ].join('\n');

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${usage()}\n`);
  process.exit(2);
};

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { tenant: { type: 'string', short: 't' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed!;
if (values.help) {
  process.stdout.write(`${usage()}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail(positionals.length === 0 ? 'Which user?' : `One user only, got: ${positionals.join(' ')}`);
const userId = positionals[0]!;
const tenant = values.tenant ?? defaultTenant;
if (!seedTenants.some((candidate) => candidate.id === tenant)) fail(`Unknown tenant "${tenant}".`);
const user = findSeedUser(tenant, userId) ?? fail(`Unknown user "${userId}" in tenant "${tenant}".`);
const ttl = values.ttl ?? '12h';
try {
  parseTtl(ttl);
} catch (error) {
  fail((error as Error).message);
}

const identity = await createIdentity({ keyStore: fileKeyStore(dataPaths(dataDirectory()).keys) });
process.stdout.write(`${await identity.issueToken({ ...user, ttl })}\n`);
