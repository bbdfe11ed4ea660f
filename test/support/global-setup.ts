import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildCli } from './built-cli.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** bin/sfbports.js of the CLI built once for this run (see built-cli.ts). */
    sfbportsBin: string;
  }
}

/** Builds the CLI once per run for the real-process tests, and removes it afterwards. */
export default function setup(project: TestProject): () => void {
  const built = buildCli();
  project.provide('sfbportsBin', built.bin);
  return () => rmSync(built.dir, { recursive: true, force: true });
}
