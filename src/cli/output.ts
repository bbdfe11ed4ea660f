import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { type ByteStream, isByteStream, isTextStream, type TextStream } from '../render/types.js';
import { sha256 } from './digest.js';
import { type CliIo, type OutputStream, resolvePath } from './io.js';
import { markerLine, textFileVerdict, textVerdict, type Verdict } from './text-marker.js';
import { workbookVerdict } from './workbook-marker.js';

/**
 * How sfbports writes the files its commands produce (`-o`, companions, `init`). The rule, as the
 * README states it under "Output files":
 *
 * - A regular file is written through a temporary file in its own directory and renamed into place;
 *   a character device or a named pipe (/dev/null, a FIFO) is opened and written, never replaced;
 *   /dev/stdout and /dev/stderr are the run's own streams. Anything else (a directory, a block
 *   device, a socket) is refused. A symbolic link is followed: its target is written, the link stays.
 * - A command never writes over one of its own input files, not even with --force.
 * - An existing regular file is replaced without --force only when it is sfbports' own and unchanged:
 *   it ends with an `sfbports-output sha256=…` marker line whose hash matches the rest of the file (a
 *   workbook carries a custom document property whose hash matches its other parts: workbook-marker.ts),
 *   or it already holds exactly the bytes about to be written.
 *   JSON and CSV have no comment syntax, so they carry no marker and replacing them needs --force.
 * - A replaced file keeps its permissions (and, when running as root, its owner and group).
 * - Several files (a main file and its companions) land together or not at all; every path is checked
 *   before anything is written, and temporary files are removed on every way out, Ctrl-C included.
 */

/** How the marker is written into a file, following the format's comment syntax. */
export type MarkerSyntax =
  /** `# sfbports-output sha256=…` as the last line: shell, PowerShell, nft, iptables, YAML, text. */
  | 'hash'
  /** `<!-- sfbports-output sha256=… -->` as the last line: Markdown, HTML, XML. */
  | 'xml'
  /**
   * A custom document property `sfbports-output` in docProps/custom.xml, which the workbook's renderer
   * writes as the last part when given workbookStamp() (workbook-marker.ts): the bytes go as they are.
   */
  | 'xlsx'
  /** No marker (JSON, CSV, a topology): an existing file is replaced only with --force. */
  | 'none';

export interface OutputFile {
  /** As the user typed it; messages name it so. */
  readonly path: string;
  readonly content: OutputContent;
  readonly marker: MarkerSyntax;
}

/** Text, bytes, or text or bytes in pieces (a report too large to hold), written as it comes. */
export type OutputContent = string | Uint8Array | TextStream | ByteStream;

export interface OutputOptions {
  readonly force?: boolean | undefined;
  /** The command's input files as typed ("-" is standard input and is skipped): never written over. */
  readonly inputs?: readonly string[];
}

/** Files larger than this are not read whole to verify a marker: they are hashed a block at a time. */
const VERIFY_LIMIT = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const STDOUT_ALIASES = new Set(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1', `/proc/${process.pid}/fd/1`]);
const STDERR_ALIASES = new Set(['/dev/stderr', '/dev/fd/2', '/proc/self/fd/2', `/proc/${process.pid}/fd/2`]);

/** One file, with the rules above. */
export function writeOutputFile(
  io: CliIo,
  path: string,
  content: OutputContent,
  marker: MarkerSyntax,
  options: OutputOptions = {},
): Promise<void> {
  return writeOutputFiles(io, [{ path, content, marker }], options);
}

/**
 * Checks a path before a long-running command does its work, so a refusal comes first, not after
 * minutes of probing. The same checks run again when the file is written.
 */
export function preflightOutput(io: CliIo, path: string, options: OutputOptions = {}): void {
  const problems: Diagnostic[] = [];
  const target = classify(io, path, problems);
  if (target) checkInputs(io, [target], options.inputs ?? [], problems);
  if (target?.kind === 'file' && target.existing && !options.force) {
    const verdict = ownership(target.real, target.existing);
    if (verdict !== 'ours') problems.push(notOurs(path, verdict));
  }
  if (problems.length > 0) throw new UserError(problems);
}

/** A main file and its companions: all of them land, or none does and every old file stays. */
export async function writeOutputFiles(
  io: CliIo,
  files: readonly OutputFile[],
  options: OutputOptions = {},
): Promise<void> {
  const problems: Diagnostic[] = [];
  const targets: Target[] = [];
  for (const f of files) {
    const t = classify(io, f.path, problems);
    if (t) targets.push(t);
  }
  if (problems.length > 0) throw new UserError(problems);
  checkInputs(io, targets, options.inputs ?? [], problems);
  if (files.length > 1) {
    for (const t of targets) {
      if (t.kind !== 'file') {
        problems.push({
          code: 'output-not-a-file',
          severity: 'error',
          message: `${t.path} is not a regular file; this command writes ${files.length} files side by side`,
          hint: 'give -o a path for a regular file (its companions are named after it)',
        });
      }
    }
    const seen = new Map<string, string>();
    for (const t of targets) {
      if (t.kind !== 'file') continue;
      const other = seen.get(t.real);
      if (other !== undefined) {
        problems.push({
          code: 'output-same-file',
          severity: 'error',
          message: `${t.path} and ${other} are the same file`,
          hint: 'choose an -o path whose companions do not lead to it through links',
        });
      }
      seen.set(t.real, t.path);
    }
  }
  if (problems.length > 0) throw new UserError(problems);

  // Pieces are never held whole: they are checked against an existing file once they are written.
  const payloads: Payload[] = files.map((f, i) =>
    isTextStream(f.content)
      ? { stream: f.content, marker: targets[i]!.kind === 'file' ? f.marker : 'none' }
      : isByteStream(f.content)
        ? f.content
        : targets[i]!.kind === 'file'
          ? withMarker(f.content, f.marker)
          : toBytes(f.content),
  );
  const compareAfterWriting = new Map<number, Exclude<Verdict, 'ours'>>();
  if (!options.force) {
    targets.forEach((t, i) => {
      if (t.kind !== 'file' || !t.existing) return;
      const payload = payloads[i]!;
      const verdict = ownership(t.real, t.existing, payload instanceof Uint8Array ? payload : undefined);
      if (verdict === 'ours') return;
      if (payload instanceof Uint8Array || t.existing.size > VERIFY_LIMIT)
        problems.push(notOurs(t.path, verdict));
      else compareAfterWriting.set(i, verdict);
    });
    if (problems.length > 0) throw new UserError(problems);
  }

  if (targets.length === 1 && targets[0]!.kind !== 'file') {
    await writeStream(io, targets[0]!, payloads[0]!);
    return;
  }
  await writeFiles(io, targets as FileTarget[], payloads, compareAfterWriting);
}

/** What is written to one target: bytes ready or in pieces, or text pieces with the marker to append. */
type Payload = Uint8Array | ByteStream | { readonly stream: TextStream; readonly marker: MarkerSyntax };

/**
 * The pieces of a text stream as UTF-8 blocks of about a megabyte, each piece encoded once. With a
 * marker, the text is made to end with a newline and the marker line, hashed as it passes, follows.
 */
function* blocks(payload: Payload): Generator<Uint8Array> {
  if (payload instanceof Uint8Array) {
    for (let off = 0; off < payload.length; off += CHUNK) yield payload.subarray(off, off + CHUNK);
    return;
  }
  if (isByteStream(payload)) {
    yield* payload.chunks();
    return;
  }
  const { stream, marker } = payload;
  if (marker === 'xlsx') throw new Error('a workbook is bytes, never a text stream');
  if (marker === 'none') {
    yield* encodeChunks(stream.chunks());
    return;
  }
  const hash = createHash('sha256');
  let lastByte = -1;
  for (const block of encodeChunks(stream.chunks())) {
    hash.update(block);
    if (block.length > 0) lastByte = block[block.length - 1]!;
    yield block;
  }
  if (lastByte !== -1 && lastByte !== 0x0a) {
    const newline = Buffer.from('\n');
    hash.update(newline);
    yield newline;
  }
  const hex = hash.digest('hex');
  yield Buffer.from(markerLine(marker, hex));
}

/** Text pieces as UTF-8 blocks of about a megabyte: one write per block, not per piece. */
export function* encodeChunks(pieces: Iterable<string>): Generator<Uint8Array> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK) {
      yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending.join(''), 'utf8');
}

interface FileTarget {
  readonly kind: 'file';
  readonly path: string;
  /** The file's real location: links and relative parts resolved. */
  readonly real: string;
  readonly existing?: Stats;
}

type Target =
  | FileTarget
  | { readonly kind: 'device'; readonly path: string; readonly open: string; readonly stats: Stats }
  | { readonly kind: 'stdout' | 'stderr'; readonly path: string };

function refusal(path: string, code: string, why: string, hint: string): Diagnostic {
  return { code, severity: 'error', message: `cannot write ${path}: ${why}`, hint };
}

/** What the path names, followed through links; a problem is recorded and undefined returned. */
function classify(io: CliIo, path: string, problems: Diagnostic[]): Target | undefined {
  const target = resolvePath(io, path);
  const chain = linkChain(target);
  if (chain.some((p) => STDOUT_ALIASES.has(p))) return { kind: 'stdout', path };
  if (chain.some((p) => STDERR_ALIASES.has(p))) return { kind: 'stderr', path };
  let stats: Stats;
  try {
    stats = statSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isLink(target)) {
      problems.push(
        refusal(
          path,
          'output-dangling-link',
          `it is a symbolic link to ${readlinkSync(target)}, which does not exist`,
          'point the link at an existing file, remove it, or choose another path',
        ),
      );
      return undefined;
    }
    if (code !== 'ENOENT') {
      problems.push(refusal(path, 'output-unwritable', describe(err), 'check the path and its permissions'));
      return undefined;
    }
    let dir: string;
    try {
      dir = realpathSync(dirname(target));
      if (!statSync(dir).isDirectory())
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch {
      problems.push(
        refusal(
          path,
          'output-unwritable',
          `the directory ${dirname(path)} does not exist`,
          'create the directory first, or choose another path',
        ),
      );
      return undefined;
    }
    return { kind: 'file', path, real: join(dir, basename(target)) };
  }
  if (stats.isFile()) return { kind: 'file', path, real: realpathSync(target), existing: stats };
  if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'device', path, open: target, stats };
  problems.push(
    refusal(
      path,
      'output-not-a-file',
      stats.isDirectory()
        ? 'it is a directory'
        : 'it is not a regular file, a character device or a named pipe',
      'give a file name',
    ),
  );
  return undefined;
}

/** The path and every path its symbolic links lead to (bounded, as the kernel bounds it). */
function linkChain(path: string): string[] {
  const chain = [path];
  let current = path;
  for (let i = 0; i < 40 && isLink(current); i++) {
    try {
      current = resolve(dirname(current), readlinkSync(current));
    } catch {
      break;
    }
    chain.push(current);
  }
  return chain;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** An input (the topology) is never written over, whatever path names it and whatever --force says. */
function checkInputs(
  io: CliIo,
  targets: readonly Target[],
  inputs: readonly string[],
  problems: Diagnostic[],
) {
  const identities = new Map<string, string>();
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      const s = statSync(resolvePath(io, input));
      identities.set(`${s.dev}:${s.ino}`, input);
    } catch {
      // An input that cannot be read has already been reported by the command.
    }
  }
  for (const t of targets) {
    const s = t.kind === 'file' ? t.existing : t.kind === 'device' ? t.stats : undefined;
    const input = s && identities.get(`${s.dev}:${s.ino}`);
    if (input !== undefined) {
      problems.push({
        code: 'output-is-input',
        severity: 'error',
        message: `${t.path} is the input file ${input}; sfbports never writes over its input, even with --force`,
        hint: 'write the output to another path',
      });
    }
  }
}

function notOurs(path: string, verdict: Exclude<Verdict, 'ours'>): Diagnostic {
  return verdict === 'changed'
    ? {
        code: 'output-changed',
        severity: 'error',
        message: `${path} was written by sfbports but has been changed since`,
        hint: 'pass --force to replace it and lose those changes, or choose another path',
      }
    : {
        code: 'output-exists',
        severity: 'error',
        message: `${path} exists and is not an unchanged sfbports output`,
        hint: 'choose another path, or pass --force to replace it (JSON and CSV carry no sfbports marker: replacing them always needs --force)',
      };
}

/** Whether an existing regular file may be replaced without --force. */
function ownership(real: string, stats: Stats, replacement?: Uint8Array): Verdict {
  // A workbook is judged by its central directory, whatever its size; only a former one is read whole.
  const workbook = isZip(real) ? workbookVerdict(real, stats.size, VERIFY_LIMIT) : undefined;
  if (workbook === 'ours') return workbook;
  if (stats.size > VERIFY_LIMIT) return workbook ?? textFileVerdict(real, stats.size);
  let bytes: Buffer;
  try {
    bytes = readFileSync(real);
  } catch {
    return 'foreign';
  }
  // Writing the very bytes it already holds changes nothing.
  if (replacement && Buffer.compare(bytes, replacement) === 0) return 'ours';
  return workbook ?? textVerdict(bytes);
}

/** Whether the file starts as a ZIP file does (a local file header). */
function isZip(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === 'PK\x03\x04';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

/** The content as a regular file gets it: with the marker that lets a later run recognise it. */
export function withMarker(content: string | Uint8Array, marker: MarkerSyntax): Uint8Array {
  if (marker === 'none') return toBytes(content);
  if (marker === 'xlsx') throw new Error('a workbook carries its marker from its renderer (workbookStamp)');
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  const hex = sha256(body);
  return Buffer.from(`${body}${markerLine(marker, hex)}`, 'utf8');
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EPIPE: 'the reading end went away',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENXIO: 'no reader on the other end',
  EBUSY: 'device or resource busy',
};

/** A system error in words, with its code: "no space left on device (ENOSPC)". */
export function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return String((err as Error).message ?? err);
  return `${ERRNO_TEXT[code] ?? (err as Error).message.split(',')[0]} (${code})`;
}

function writeFailed(path: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
  return new UserError({
    code: 'output-failed',
    severity: 'error',
    message: `cannot write ${path}: ${describe(err)}`,
  });
}

/** A device, a named pipe or a standard stream: opened and written in place, never replaced. */
async function writeStream(io: CliIo, target: Exclude<Target, FileTarget>, payload: Payload): Promise<void> {
  if (target.kind !== 'device') {
    const out = target.kind === 'stdout' ? io.stdout : io.stderr;
    if (payload instanceof Uint8Array) out.write(payload);
    else await writeBlocks(out, blocks(payload));
    return;
  }
  let fh: FileHandle | undefined;
  try {
    // No O_CREAT, no O_TRUNC: whatever is there is written to, never made anew.
    fh = await open(target.open, constants.O_WRONLY | constants.O_NOCTTY);
    const now = await fh.stat();
    if (now.isFile() || now.isDirectory())
      throw Object.assign(new Error('changed under us'), { code: 'EBUSY' });
    for (const block of blocks(payload)) await writeAll(fh, block);
  } catch (err) {
    throw writeFailed(target.path, err);
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Writes blocks to a stream, waiting for it to drain when it asks to, so memory stays flat. */
export async function writeBlocks(out: OutputStream, source: Iterable<Uint8Array>): Promise<void> {
  for (const block of source) {
    if (out.write(block) === false && out.once)
      await new Promise<void>((resolve) => out.once!('drain', resolve));
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
}

interface Pending {
  readonly target: FileTarget;
  readonly tmp: string;
  backup?: string;
  renamed?: boolean;
}

/** Every temporary file first, then every rename; any failure or stop signal undoes the lot. */
async function writeFiles(
  io: CliIo,
  targets: readonly FileTarget[],
  payloads: readonly Payload[],
  compareAfterWriting: ReadonlyMap<number, Exclude<Verdict, 'ours'>>,
) {
  let stopped = false;
  const stopListening = io.onSignal(['SIGINT', 'SIGTERM'], () => {
    stopped = true;
  });
  const pending: Pending[] = [];
  const interrupted = () =>
    new UserError({
      code: 'interrupted',
      severity: 'error',
      message: `interrupted: nothing was written, ${targets.map((t) => t.path).join(', ')} left as it was`,
    });
  try {
    for (const [i, target] of targets.entries()) {
      if (stopped) throw interrupted();
      const tmp = join(
        dirname(target.real),
        `.${basename(target.real)}.sfbports-${randomBytes(6).toString('hex')}.tmp`,
      );
      const p: Pending = { target, tmp };
      try {
        await writeTemp(p, payloads[i]!, () => stopped);
        pending.push(p);
        // Streamed text that turns out to be exactly what the file holds replaces it like our own.
        const verdict = compareAfterWriting.get(i);
        if (verdict !== undefined && !sameContent(tmp, target.real)) {
          throw new UserError(notOurs(target.path, verdict));
        }
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err instanceof UserError ? err : writeFailed(target.path, err);
      }
    }
    if (stopped) throw interrupted();
    commit(pending);
  } catch (err) {
    throw err instanceof UserError ? err : writeFailed(targets[0]!.path, err);
  } finally {
    for (const p of pending) {
      if (!p.renamed) rmSync(p.tmp, { force: true });
      if (p.backup) rmSync(p.backup, { force: true });
    }
    stopListening();
  }
}

async function writeTemp(p: Pending, payload: Payload, stopped: () => boolean): Promise<void> {
  const existing = p.target.existing;
  // O_EXCL: a link planted at the temporary name is never followed.
  const fh = await open(
    p.tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    existing ? 0o600 : 0o666,
  );
  try {
    if (existing) {
      if (process.getuid?.() === 0) await fh.chown(existing.uid, existing.gid);
      await fh.chmod(existing.mode & 0o7777);
    }
    for (const block of blocks(payload)) {
      if (stopped()) return;
      await writeAll(fh, block);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Whether two files hold the same bytes, read a block at a time. */
function sameContent(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(CHUNK);
    const bb = Buffer.alloc(CHUNK);
    for (;;) {
      const na = readSync(fa, ba, 0, CHUNK, null);
      const nb = readSync(fb, bb, 0, CHUNK, null);
      if (na !== nb || ba.compare(bb, 0, nb, 0, na) !== 0) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** Renames every temporary file into place; on a failure, puts every earlier file back. */
function commit(pending: Pending[]): void {
  const several = pending.length > 1;
  try {
    for (const p of pending) {
      if (several && p.target.existing) {
        const backup = `${p.tmp.slice(0, -'.tmp'.length)}.old`;
        linkSync(p.target.real, backup);
        p.backup = backup;
      }
      renameSync(p.tmp, p.target.real);
      p.renamed = true;
    }
  } catch (err) {
    for (const p of [...pending].reverse()) {
      if (!p.renamed) continue;
      try {
        if (p.backup) renameSync(p.backup, p.target.real);
        else rmSync(p.target.real, { force: true });
        p.backup = undefined;
      } catch {
        // Best effort: the error below names the first file.
      }
    }
    const failed = pending.find((p) => !p.renamed) ?? pending[0]!;
    throw writeFailed(failed.target.path, err);
  }
  for (const dir of new Set(pending.map((p) => dirname(p.target.real)))) {
    try {
      const fd = openSync(dir, 'r');
      fsyncSync(fd);
      closeSync(fd);
    } catch {
      // Not every file system lets a directory be synced; the rename itself has happened.
    }
  }
}
