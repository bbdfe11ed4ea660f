import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Some tests need root, network namespaces or a Debian tool. On a newcomer's laptop they skip and say
 * why; under SFBPORTS_REQUIRE_ALL=1 (set by .ci/run) a missing requirement fails the run instead, so
 * CI runs every test.
 *
 * Source material outside the repository (`outsideRepository`: the vendor pages that
 * `npm run seed:extract` reads) is different: a clone lacks it by design, CI included, and the project
 * carries what it needs from it as data. Tests that compare that data with the material skip visibly
 * without it, even under SFBPORTS_REQUIRE_ALL=1.
 */
export const REQUIRE_ALL = process.env.SFBPORTS_REQUIRE_ALL === '1';

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

let netnsOk: boolean | undefined;
/** Root alone is not enough in some containers: try to create and delete a namespace. */
export function canUseNetns(): boolean {
  if (netnsOk !== undefined) return netnsOk;
  netnsOk = false;
  if (!isRoot() || !hasCommand('ip')) return netnsOk;
  const name = `sfbp-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'ignore' });
    netnsOk = true;
  } catch {
    netnsOk = false;
  } finally {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {}
  }
  return netnsOk;
}

export interface Needs {
  root?: boolean;
  netns?: boolean;
  commands?: readonly string[];
  files?: readonly string[];
  /**
   * Material outside the repository, named by an environment variable that holds its path; where it is
   * unset or the file is absent the test skips, but never fails the run (see above).
   */
  outsideRepository?: ReadonlyArray<{ readonly variable: string; readonly what: string }>;
}

/** Returns why the requirements that CI must meet are not met, or undefined when they are. */
export function missing(needs: Needs): string | undefined {
  if (needs.root && !isRoot()) return 'needs root';
  if (needs.netns && !canUseNetns()) return 'needs network namespaces (root and ip netns)';
  for (const c of needs.commands ?? []) if (!hasCommand(c)) return `needs the command ${c}`;
  for (const f of needs.files ?? []) if (!existsSync(f)) return `needs the file ${f}`;
  return undefined;
}

/**
 * Use as `describe.skipIf(skipUnless(...))(...)`: prints the reason and skips, or, under
 * SFBPORTS_REQUIRE_ALL=1, throws so the run fails (except for `outsideRepository`).
 */
export function skipUnless(needs: Needs, what: string): boolean {
  const reason = missing(needs);
  if (reason) {
    if (REQUIRE_ALL) throw new Error(`${what}: ${reason}, and SFBPORTS_REQUIRE_ALL=1 forbids skipping`);
    process.stderr.write(`[skip] ${what}: ${reason}\n`);
    return true;
  }
  for (const m of needs.outsideRepository ?? []) {
    const path = process.env[m.variable];
    const why =
      path === undefined || path === ''
        ? `set ${m.variable} to ${m.what} to run it`
        : existsSync(path)
          ? undefined
          : `${m.variable} names ${path}, which does not exist`;
    if (why === undefined) continue;
    process.stderr.write(`[skip] ${what}: ${why} (source material outside the repository)\n`);
    return true;
  }
  return false;
}
