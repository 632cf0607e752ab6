/**
 * The optional file cache: the last configuration on disk, so a runtime that starts while the server is away still
 * serves (fail-static from the first request). Written atomically (a temporary file in the same folder, flushed,
 * then renamed over the old one), so a crash mid-write never leaves a torn file; a file that cannot be read, or
 * that holds another deployment's configuration, is ignored.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';

import { parseConfig, type RoutingConfig } from './config.js';

/**
 * The cached configuration of this agent and environment, or null (missing, unreadable, someone else's). Why a
 * file that exists was ignored goes to `onProblem` (a missing file is not a problem: the first start).
 */
export function loadCache(path: string, agent: string, environment: string,
  onProblem: (message: string) => void = () => undefined): RoutingConfig | null {
  let config: RoutingConfig;
  try {
    config = parseConfig(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      onProblem(`ignored the cache file ${path}: not a routing configuration that can be read: `
        + `${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  }
  if (config.agent !== agent || config.environment !== environment) {
    onProblem(`ignored the cache file ${path}: it holds ${config.agent}/${config.environment}, not ${agent}/${environment}`);
    return null;
  }
  return config;
}

/** Writes the configuration atomically; rejects when the folder cannot be written. */
export async function saveCache(path: string, config: RoutingConfig): Promise<void> {
  const target = resolve(path);
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(config), 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

