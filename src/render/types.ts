import type { Plan } from '../model/plan.js';
import type { ZipCodec, ZipEntry } from './zip-writer.js';

export interface RenderOptions {
  /** Title shown in headings; defaults to the topology name. */
  readonly title?: string;
  /** How a format packed as a ZIP (xlsx) is written; the other formats ignore it. */
  readonly package?: PackageOptions;
}

/**
 * What the host gives a ZIP-packed format: the core itself may use nothing of Node, so the CLI passes
 * node:zlib's compressor here, and the stamp by which it recognises its own files later.
 */
export interface PackageOptions {
  /** Compressor and checksum; fflate and a table CRC-32 (pure JS) by default. */
  readonly codec?: ZipCodec;
  readonly stamp?: PackageStamp;
}

/**
 * A custom document property (docProps/custom.xml) written as the last part, its value computed from
 * the parts before it as the central directory lists them (name, CRC-32, size).
 */
export interface PackageStamp {
  readonly name: string;
  value(parts: readonly ZipEntry[]): string;
}

/**
 * Text produced piece by piece. A report for a very large deployment can exceed the longest string
 * JavaScript holds (2^29 characters in V8); its pieces are written out one after another instead.
 * `chunks()` may be called more than once and yields the same text each time.
 */
export interface TextStream {
  readonly kind: 'text-stream';
  chunks(): Iterable<string>;
}

/**
 * Bytes produced block by block (a workbook of a gigabyte of XML, deflated as it is made).
 * `chunks()` may be called more than once and yields the same bytes each time.
 */
export interface ByteStream {
  readonly kind: 'byte-stream';
  chunks(): Iterable<Uint8Array>;
}

export type Rendered = string | Uint8Array | TextStream | ByteStream;

export function byteStream(chunks: () => Iterable<Uint8Array>): ByteStream {
  return { kind: 'byte-stream', chunks };
}

export function isByteStream(value: unknown): value is ByteStream {
  return typeof value === 'object' && value !== null && (value as ByteStream).kind === 'byte-stream';
}

export function textStream(chunks: () => Iterable<string>): TextStream {
  return { kind: 'text-stream', chunks };
}

export function isTextStream(value: unknown): value is TextStream {
  return typeof value === 'object' && value !== null && (value as TextStream).kind === 'text-stream';
}

/** The whole text at once, for small plans, tests and the browser page. */
export function renderedText(rendered: string | TextStream): string {
  return typeof rendered === 'string' ? rendered : [...rendered.chunks()].join('');
}

/** One report format. Pure: the same plan renders to the same bytes. */
export interface Renderer {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  /** Binary formats are never written to a terminal. */
  readonly binary: boolean;
  render(plan: Plan, options: RenderOptions): Rendered | Promise<Rendered>;
}

export function defineRenderer<const R extends Renderer>(renderer: R): R {
  return renderer;
}
