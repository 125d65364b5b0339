import { join, resolve } from 'node:path';
import { projectRoot } from './functions.ts';

/** The local cloud's data folder (git-ignored): `CRONACA_DATA_DIR`, else `<repo>/.local`. */
export const dataDirectory = (): string => resolve(process.env['CRONACA_DATA_DIR'] ?? join(projectRoot, '.local'));

/** The folders inside the data folder. */
export const dataPaths = (dataDir: string = dataDirectory()) => ({
  root: dataDir,
  dynamodb: join(dataDir, 'dynamodb'),
  s3: join(dataDir, 's3'),
  keys: join(dataDir, 'keys'),
  outbox: join(dataDir, 'outbox'),
  checkpoints: join(dataDir, 'checkpoints'),
  failed: join(dataDir, 'failed'),
  /** API clients of the local token endpoint (ids, secrets' hashes), like the keys kept across restarts. */
  apiClients: join(dataDir, 'api-clients.json'),
});

export type DataPaths = ReturnType<typeof dataPaths>;
