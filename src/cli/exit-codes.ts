/** The exit status contract, documented in the README. */
export const EXIT_OK = 0;
/** A check found a problem: a required target is not open, or answered without the token. */
export const EXIT_FINDINGS = 1;
/** Bad input: an unknown flag or choice, an invalid topology, a file that cannot be read. */
export const EXIT_USAGE = 2;
/**
 * The check could not probe every required target because of this machine (no file descriptor left,
 * a local firewall): nothing is known of those targets, so it is neither a pass nor a finding.
 */
export const EXIT_INCOMPLETE = 3;
/** Interrupted by the user (Ctrl-C, SIGINT): 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;
/** Stopped by SIGTERM: 128 + 15. */
export const EXIT_TERMINATED = 143;

/**
 * The user stopped the command (Ctrl-C at a prompt). The command has already said so in one line;
 * the boundary only sets the status, and prints nothing more.
 */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
