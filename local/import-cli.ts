/**
 * `npm run import -- <file.csv> --kind companies [--encoding windows-1252] [--mode update --match-on email] [--tenant demo] [--user admin] [--api <url>]`: a
 * local convenience. Puts the file in the drop folder of the running `npm start`
 * (`<tenant>/imports/<kind>/<name>.csv` in the S3 emulator, whose object-created event starts the
 * job), shows a progress bar until the job ends, then prints the counts and writes the rejected rows
 * next to the file as `<name>.errors.csv`.
 *
 * The object carries an idempotency key (`x-amz-meta-idempotency-key`), so the id of the job it
 * starts is known before the job exists (`idempotentDropJobId`); the job is followed on
 * `GET /v1/imports/{id}` as the tenant's admin (a drop-folder job is seen by admins and managers).
 *
 * Exit codes: 0 the job completed (rejected rows included), 1 it failed or was cancelled, or the
 * local cloud is not there, 2 bad arguments or no such file.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { dropMetadata } from '../import/engine/drop-options.ts';
import { dropLocaleMetadata } from '../import/engine/file-encoding.ts';
import { dropIdempotencyMetadata, idempotentDropJobId, sourceKeyOf } from '../import/engine/start-job.ts';
import { createIdentity, fileKeyStore } from './identity.ts';
import { importUsage, parseImportArgs } from './import-cli-args.ts';
import { hasEnded, progressBar, progressLine, summaryLines, type FollowedJob } from './import-progress.ts';
import { dataDirectory, dataPaths } from './paths.ts';
import { readRunningCloud } from './running-cloud.ts';
import { dropBucketName, localS3ClientConfig } from './s3.ts';

interface Output {
  write(text: string): unknown;
}

export interface ImportCliEnvironment {
  readonly stdout: Output;
  /** The progress goes here: a bar rewritten in place on a terminal, plain lines otherwise. */
  readonly stderr: Output & { readonly isTTY?: boolean; readonly columns?: number };
  /** The local cloud's data folder: where `npm start` records its endpoints and keeps the signing keys. */
  readonly dataDir: string;
  /** S3 emulator endpoint when no running `npm start` names one (`AWS_ENDPOINT_URL_S3`). */
  readonly s3Endpoint: string | undefined;
  readonly pollMs: number;
  /** How long the worker may take to pick the file up before the command gives up. */
  readonly startTimeoutMs: number;
  /** A plain line at most this often when the output is not a terminal (and whenever the job ends). */
  readonly logEveryMs: number;
}

const defaultEnvironment = (): ImportCliEnvironment => ({
  stdout: process.stdout,
  stderr: process.stderr,
  dataDir: dataDirectory(),
  s3Endpoint: process.env['AWS_ENDPOINT_URL_S3'],
  pollMs: 500,
  startTimeoutMs: 60_000,
  logEveryMs: 2_000,
});

/** Why the command stops, with its exit code. */
class Stop extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

const notRunning = (detail: string) => new Stop(1, `${detail}: start it with npm start (in another terminal), then run this again.`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job being followed, for the Ctrl-C message. */
let following: { readonly api: string; readonly jobId: string } | undefined;

/** Runs the command; resolves to the exit code. */
export const runImportCli = async (args: readonly string[], overrides: Partial<ImportCliEnvironment> = {}): Promise<number> => {
  const env = { ...defaultEnvironment(), ...overrides };
  const parsed = parseImportArgs(args);
  if (!parsed.ok) {
    env.stderr.write(`${parsed.message}\n\n${importUsage()}\n`);
    return 2;
  }
  if (parsed.help) {
    env.stdout.write(`${importUsage()}\n`);
    return 0;
  }
  const { file, kind, user, encoding, mode, matchOn } = parsed.options;
  try {
    const path = resolve(file);
    const size = fileSize(path);

    const running = readRunningCloud(env.dataDir);
    const api = parsed.options.api ?? running?.apiUrl;
    if (!api) throw notRunning(`The local cloud is not running (nothing recorded in ${env.dataDir})`);
    const s3Endpoint = running?.s3Endpoint ?? env.s3Endpoint;
    if (!s3Endpoint) throw notRunning(`No S3 emulator of the local cloud is known (nothing recorded in ${env.dataDir})`);
    await reachable(`${api}/health`, 'The local API');

    const identity = await createIdentity({ keyStore: fileKeyStore(dataPaths(env.dataDir).keys) });
    const token = await identity.issueToken({ ...user, ttl: '12h' });

    const name = basename(path, extname(path));
    const key = sourceKeyOf(user.tenant, kind, name);
    const idempotencyKey = randomUUID();
    const s3 = new S3Client(localS3ClientConfig(s3Endpoint));
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: dropBucketName,
          Key: key,
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: 'text/csv',
          Metadata: {
            [dropIdempotencyMetadata]: idempotencyKey,
            // The user's language: a file that is not UTF-8 is read in the encoding its spreadsheets write.
            [dropLocaleMetadata]: user.locale,
            ...(encoding ? { [dropMetadata.encoding]: encoding } : {}),
            ...(mode ? { [dropMetadata.mode]: mode } : {}),
            ...(matchOn ? { [dropMetadata.matchOn]: matchOn } : {}),
          },
        }),
      );
    } catch (error) {
      throw notRunning(`The S3 emulator at ${s3Endpoint} did not take the file (${(error as Error).message})`);
    } finally {
      s3.destroy();
    }
    const jobId = idempotentDropJobId(key, idempotencyKey);
    env.stderr.write(`Put ${file} (${size} bytes) at s3://${dropBucketName}/${key}; following import ${jobId} as ${user.tenant}/${user.userId}\n`);

    following = { api, jobId };
    const job = await follow(env, `${api}/v1/imports/${encodeURIComponent(jobId)}`, token);
    following = undefined;

    const errorsUrl = `${api}/v1/imports/${encodeURIComponent(jobId)}/errors`;
    let errorsFile: string | null = null;
    if (job.rows.rejected > 0) {
      const response = await fetch(errorsUrl, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Stop(1, `GET ${errorsUrl} answered ${response.status}: ${await response.text()}`);
      errorsFile = join(dirname(path), `${name}.errors.csv`);
      writeFileSync(errorsFile, await response.text());
    }
    env.stdout.write(`${summaryLines(job, { url: errorsUrl, file: errorsFile }, api).join('\n')}\n`);
    return job.status === 'completed' ? 0 : 1;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    env.stderr.write(`${error.message}\n`);
    return error.code;
  }
};

const fileSize = (path: string): number => {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Stop(2, `${path} is not a file.`);
    return stat.size;
  } catch (error) {
    if (error instanceof Stop) throw error;
    throw new Stop(2, `No such file: ${path}`);
  }
};

const reachable = async (url: string, what: string): Promise<void> => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch {
    throw notRunning(`${what} at ${new URL(url).origin} does not answer`);
  }
};

/** Polls the job until it ends, drawing the progress; 404 until the worker has picked the file up. */
const follow = async (env: ImportCliEnvironment, url: string, token: string): Promise<FollowedJob> => {
  const tty = env.stderr.isTTY === true;
  const started = Date.now();
  let lastLine = '';
  let lastLogged = 0;
  const draw = (job: FollowedJob | null, final: boolean) => {
    if (tty) {
      const line = progressBar(job, env.stderr.columns ?? 80);
      if (line !== lastLine || final) env.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
      lastLine = line;
      return;
    }
    const line = progressLine(job);
    if (line !== lastLine && (final || Date.now() - lastLogged >= env.logEveryMs)) {
      env.stderr.write(`${line}\n`);
      lastLine = line;
      lastLogged = Date.now();
    }
  };
  for (;;) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch {
      if (tty) env.stderr.write('\n');
      throw notRunning(`The local API at ${new URL(url).origin} stopped answering`);
    }
    if (response.status === 200) {
      const job = (await response.json()) as FollowedJob;
      const ended = hasEnded(job);
      draw(job, ended);
      if (ended) return job;
    } else if (response.status === 404) {
      if (Date.now() - started > env.startTimeoutMs) {
        if (tty) env.stderr.write('\n');
        throw new Stop(1, `No import started for the file within ${env.startTimeoutMs / 1000} s: is the npm start at ${new URL(url).origin} the one running the import worker?`);
      }
      draw(null, false);
    } else {
      if (tty) env.stderr.write('\n');
      const hint = response.status === 401 ? ' (the token is not signed by the keys of this npm start: is CRONACA_DATA_DIR the same?)' : '';
      throw new Stop(1, `GET ${url} answered ${response.status}${hint}: ${await response.text()}`);
    }
    await sleep(env.pollMs);
  }
};

if (import.meta.main) {
  process.on('SIGINT', () => {
    const stop = following ? `POST ${following.api}/v1/imports/${following.jobId}/cancel` : 'POST /v1/imports/{id}/cancel';
    process.stderr.write(`\nStopped following; the import goes on in npm start (${stop} stops it).\n`);
    process.exit(130);
  });
  process.exitCode = await runImportCli(process.argv.slice(2));
}
