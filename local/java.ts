import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** DynamoDB Local 3.x needs Java 17 or newer. */
export const minimumJavaMajor = 17;

export interface JavaInstallation {
  /** The command to run (`$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH). */
  readonly command: string;
  /** The version string as `java -version` prints it, e.g. `17.0.15`. */
  readonly version: string;
  /** The feature release (17, 21, …); `1.8.0_x` counts as 8. */
  readonly major: number;
}

export class JavaError extends Error {
  override readonly name = 'JavaError';
}

const installHint = [
  'Install a Java runtime, 17 or newer, for example:',
  '  Debian/Ubuntu:  sudo apt-get install openjdk-17-jre-headless',
  '  Fedora/RHEL:    sudo dnf install java-17-openjdk-headless',
  '  macOS:          brew install openjdk@17',
  '  Windows:        winget install Microsoft.OpenJDK.17',
  'then check `java -version`, or point JAVA_HOME at a Java 17+ installation.',
].join('\n');

/** Parses the first line of `java -version` (`openjdk version "17.0.15" …`, `java version "1.8.0_292"`). */
export const parseJavaVersion = (output: string): { version: string; major: number } | undefined => {
  const match = /version "([^"]+)"/.exec(output) ?? /^\S+ (\d+(?:\.\d+)*)/m.exec(output);
  const version = match?.[1];
  if (!version) return undefined;
  const parts = version.split(/[.+_-]/);
  const major = Number(parts[0] === '1' ? parts[1] : parts[0]);
  return Number.isInteger(major) ? { version, major } : undefined;
};

const javaCommand = (): string => {
  const home = process.env['JAVA_HOME'];
  if (home) {
    const candidate = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
};

/**
 * Finds Java and checks its version. Throws a `JavaError` whose message says what to install when
 * Java is missing or too old.
 */
export const checkJava = async (minimumMajor: number = minimumJavaMajor): Promise<JavaInstallation> => {
  const command = javaCommand();
  const output = await new Promise<string>((resolve, reject) => {
    execFile(command, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(error);
      else resolve(`${stderr}\n${stdout}`);
    });
  }).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? `\`${command}\` was not found` : `\`${command} -version\` failed: ${error.message}`;
    throw new JavaError(`DynamoDB Local needs Java ${minimumMajor}+, but ${reason}.\n${installHint}`);
  });
  const parsed = parseJavaVersion(output);
  if (!parsed) {
    throw new JavaError(`DynamoDB Local needs Java ${minimumMajor}+: could not read the version from \`${command} -version\`:\n${output.trim()}\n${installHint}`);
  }
  if (parsed.major < minimumMajor) {
    throw new JavaError(`DynamoDB Local needs Java ${minimumMajor}+, found Java ${parsed.version} (${command}).\n${installHint}`);
  }
  return { command, ...parsed };
};
