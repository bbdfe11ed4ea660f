import type { Plan } from '../model/plan.js';
import { hash48 } from '../text/hash.js';
import { oneLine } from './quote/text.js';
import type { EmitOptions } from './types.js';

/**
 * What a Windows script owns on a server: the group of its rules (the netsh rule name, netsh having no
 * groups) and the names of its rules. Several scripts may run on one server: the whole-topology script,
 * a --server script, the front-end and the mediation --role scripts of a collocated server. Each one
 * replaces only what it wrote itself, so every selection gets its own group, and rule names carry the
 * selection as well as the rule's content (never its position, so an unrelated rule coming or going
 * renames nothing).
 */

/** Windows accepts longer rule names; this keeps them readable in the console and in Get-NetFirewallRule. */
export const RULE_NAME_MAX_BYTES = 200;

/** The two rule stores the Windows targets write: firewall rules and connection security rules. */
export type WindowsTarget = 'firewall' | 'ipsec';

const TARGET_WORD: Readonly<Record<WindowsTarget, { group: string; name: string }>> = {
  firewall: { group: 'sfbports', name: 'sfbports-fw' },
  ipsec: { group: 'sfbports IPsec', name: 'sfbports-ipsec' },
};

/** The selection in words ("server fe01.contoso.com"), or undefined for the whole topology. */
function selectionWords(options: EmitOptions): string | undefined {
  if (options.firewall !== undefined) return `firewall ${oneLine(options.firewall)}`;
  if (options.server !== undefined) return `server ${oneLine(options.server)}`;
  if (options.role !== undefined) return `role ${options.role}`;
  if (options.boundary !== undefined) return `boundary ${oneLine(options.boundary)}`;
  return undefined;
}

/**
 * The rule group a script replaces: `sfbports <topology>` for the whole topology (the name earlier
 * versions used, so a re-run still replaces their rules), with ` server X`, ` role R` or ` boundary A:B`
 * for a selection, so no script's re-run removes another script's rules.
 */
export function firewallGroup(plan: Plan, options: EmitOptions, target: WindowsTarget = 'firewall'): string {
  const base = `${TARGET_WORD[target].group} ${oneLine(plan.topology.name)}`;
  const selection = selectionWords(options);
  return selection === undefined ? base : `${base} ${selection}`;
}

/**
 * Header lines saying what a script owns (`owned`: "every rule in the group '…'") beside the scripts
 * of other `selections` ("servers or roles"), what a re-run removes,
 * and the one command that takes back everything it added: the script's own removal line, so it can be
 * pasted as it stands.
 */
export function ownershipLines(owned: string, removal: string, selections: string): string[] {
  return [
    `# It owns ${owned};`,
    `# scripts for other ${selections} own other ones. Re-running it first removes`,
    '# those rules (and only those), then adds the current ones.',
    '# To roll back, removing everything this script added, run:',
    `#   ${removal}`,
  ];
}

/** Lower-case letters, digits, dots and single dashes: safe unquoted in any shell and in any console. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Names the rules of one script: `sfbports-fw-<topology>-<selection>-<hash>`. The readable part says
 * whose rule it is and may be shortened to fit; the hash covers the target, the full topology name, the
 * selection and the rule's content, so it alone keeps names of different scripts apart. Two rules of
 * one script with the same content (or a hash collision) are told apart by a counter, in script order.
 */
export class RuleNames {
  private readonly prefix: string;
  private readonly scope: string;
  private readonly used = new Set<string>();

  constructor(plan: Plan, options: EmitOptions, target: WindowsTarget) {
    const selection = selectionWords(options) ?? 'all';
    // 12 hex digits of hash, a counter suffix "-99" and the dash before the hash stay within the limit.
    const budget = RULE_NAME_MAX_BYTES - 12 - 3 - 1;
    const readable = [TARGET_WORD[target].name, slug(plan.topology.name), slug(selection)]
      .filter((p) => p !== '')
      .join('-');
    this.prefix = readable.slice(0, budget).replace(/[-.]+$/, '');
    this.scope = `${target}\n${plan.topology.name}\n${selection}`;
  }

  /** The name of the rule whose content key (transport, ports, addresses…) is `content`. */
  name(content: string): string {
    const base = `${this.prefix}-${hash48(`${this.scope}\n${content}`)}`;
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}-${n}`;
    this.used.add(name);
    return name;
  }
}

/** The netsh syntax both Windows targets offer beside the NetSecurity cmdlets. */
export const NETSH_VARIANT = {
  name: 'netsh',
  description: 'netsh advfirewall commands instead of NetSecurity cmdlets (hosts without the module)',
} as const;
