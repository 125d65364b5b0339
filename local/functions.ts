import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functions } from '../contract/functions.ts';
import type { FunctionName } from '../contract/functions.ts';

/** The repository root (local/ is one level below it). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Imports a contract function's entry module (the same file Lambda runs) and returns the module.
 * Imported lazily, on first use, so the local cloud starts even while a function is still missing,
 * and after the environment variables the handlers read at module load are set.
 */
export const importFunctionModule = async (name: FunctionName): Promise<Record<string, unknown>> => {
  const definition = functions[name];
  const url = pathToFileURL(join(projectRoot, definition.entry)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(definition.entry)) {
      throw new Error(`function ${name}: its entry module ${definition.entry} does not exist (yet)`, { cause: error });
    }
    throw error;
  }
};

/** The `handler` export of a contract function's entry module. */
export const importFunctionHandler = async <THandler>(name: FunctionName): Promise<THandler> => {
  const module = await importFunctionModule(name);
  if (typeof module['handler'] !== 'function') {
    throw new Error(`function ${name}: ${functions[name].entry} does not export a handler function`);
  }
  return module['handler'] as THandler;
};
