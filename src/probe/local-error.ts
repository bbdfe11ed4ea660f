import type { ProbeOutcome } from './types.js';

/**
 * Errors that this machine raised before a probe reached the network. They say nothing about the
 * target, so they must never become `closed` or `filtered`:
 * - out of descriptors (EMFILE for this process, ENFILE for the system), buffers or memory, or of
 *   local ports (EADDRNOTAVAIL, EADDRINUSE, EAGAIN): they pass, so the scheduler backs off, narrows
 *   the window and tries again;
 * - EPERM: a local firewall (an OUTPUT rule that drops) or a sandbox refused the packet. Waiting
 *   changes nothing, so the target is reported as `error` at once.
 * EACCES is not here: on IPv6 it is how an ICMPv6 "administratively prohibited" from a firewall on the
 * path arrives, which is a verdict about the network (filtered).
 */
const TRANSIENT: Readonly<Record<string, string>> = {
  EMFILE: 'this process has no file descriptor left',
  ENFILE: 'the system has no file descriptor left',
  ENOBUFS: 'no socket buffer space left',
  ENOMEM: 'out of memory',
  EADDRNOTAVAIL: 'no local address or port left to send from',
  EADDRINUSE: 'no local port left to send from',
  EAGAIN: 'no local port left to send from',
};

const PERMANENT: Readonly<Record<string, string>> = {
  EPERM: 'a local firewall or sandbox refused to send (operation not permitted)',
};

export function isLocalError(code: string | undefined): code is string {
  return code !== undefined && (code in TRANSIENT || code in PERMANENT);
}

/** Whether backing off and trying again can help. */
export function isTransientLocalError(code: string | undefined): boolean {
  return code !== undefined && code in TRANSIENT;
}

/** The outcome of a probe that could not be sent: state `error`, with the local cause. */
export function localErrorOutcome(code: string): ProbeOutcome {
  const why = TRANSIENT[code] ?? PERMANENT[code] ?? 'local error';
  return { state: 'error', detail: { summary: `not probed: ${why} (${code})`, error: code } };
}
