import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { childrenNamed, type XmlElement } from './xml.js';

/**
 * What the published topology and a Topology Builder file both say, read into one shape: the
 * mappers (published.ts, tbxml.ts) differ only in how elements refer to each other (SiteId/Number
 * keys versus GUIDs); everything after them (map.ts, compare.ts) reads this.
 */

export interface Where {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type InterfaceSide = 'Primary' | 'Internal' | 'External';

export interface RawInterface {
  readonly side: InterfaceSide;
  readonly number: number;
  /** The address the XML records; undefined for 0.0.0.0, "use DNS", which is every server but Edge. */
  readonly ip?: string;
  /** The public address a NAT device publishes for this interface (an Edge behind NAT). */
  readonly configuredIp?: string;
  readonly configuredFqdn?: string;
  readonly at: Where;
}

export interface RawMachine {
  readonly fqdn: string;
  readonly interfaces: readonly RawInterface[];
  readonly at: Where;
}

export interface RawCluster {
  readonly key: string;
  readonly siteKey: string;
  readonly fqdn: string;
  readonly machines: readonly RawMachine[];
  readonly at: Where;
}

export interface RawSqlInstance {
  readonly key: string;
  readonly clusterKey: string;
  /** The instance name as Topology Builder records it ("rtc"); empty for the default instance. */
  readonly name: string;
  readonly at: Where;
}

export interface RawPort {
  readonly owner: string;
  readonly usage: string;
  readonly side: InterfaceSide;
  readonly number: number;
  readonly port: number;
  readonly protocol: string;
  /** Range="N": the ports Port to Port + N (so 49152 with Range 16383 ends at 65535). */
  readonly range?: number;
  /** The port published outside (the reverse proxy's 80/443 for the web services' 8080/4443). */
  readonly configuredPort?: number;
  readonly configuredFqdn?: string;
  readonly at: Where;
}

export type InstalledOn = { readonly cluster: string } | { readonly sql: string };

export interface RawService {
  readonly key: string;
  readonly role: string;
  readonly siteKey: string;
  /** ServiceVersion: the product generation that runs the service (6 Lync 2013 … 8 SfB 2019). */
  readonly version?: number;
  readonly installedOn: InstalledOn;
  readonly dependsOn: ReadonlyArray<{ readonly key: string; readonly usage: string }>;
  readonly ports: readonly RawPort[];
  /** Attributes of the role's own element (RegistrarService IsDirector, CentralMgmtService IsActive, …). */
  readonly settings: ReadonlyMap<string, string>;
  readonly at: Where;
}

export interface RawSite {
  readonly key: string;
  readonly name: string;
  readonly kind: 'central' | 'branch';
  readonly at: Where;
}

export type SourceFormat = 'published' | 'tbxml' | 'zip';

export interface RawTopology {
  readonly format: SourceFormat;
  readonly file: string;
  readonly sipDomains: readonly string[];
  readonly defaultDomain?: string;
  readonly sites: readonly RawSite[];
  readonly clusters: readonly RawCluster[];
  readonly sqlInstances: readonly RawSqlInstance[];
  readonly services: readonly RawService[];
}

export const TOPOLOGY_NS = 'urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008';
export const TOPOLOGY_BUILDER_NS = 'urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008';

export function where(file: string, el: XmlElement): Where {
  return { file, line: el.line, column: el.column };
}

/** One diagnostic at an element, thrown: a shape the importer does not know stops it, it never guesses. */
export function fail(file: string, el: XmlElement, code: string, message: string, hint: string): never {
  const d: Diagnostic = { code, severity: 'error', message, loc: where(file, el), hint };
  throw new UserError(d);
}

export function requireAttr(file: string, el: XmlElement, name: string): string {
  const v = el.attrs.get(name);
  if (v === undefined || v === '') {
    fail(
      file,
      el,
      'import-missing-attribute',
      `<${el.local}> has no ${name} attribute`,
      'the file may be truncated or edited by hand; export it again',
    );
  }
  return v;
}

export function intAttr(file: string, el: XmlElement, name: string, required: true): number;
export function intAttr(file: string, el: XmlElement, name: string, required?: false): number | undefined;
export function intAttr(file: string, el: XmlElement, name: string, required = false): number | undefined {
  const v = required ? requireAttr(file, el, name) : el.attrs.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) {
    fail(
      file,
      el,
      'import-bad-number',
      `<${el.local} ${name}="${v}">: not a whole number`,
      'export the topology again',
    );
  }
  return Number(v);
}

const SIDES: readonly InterfaceSide[] = ['Primary', 'Internal', 'External'];

export function sideAttr(file: string, el: XmlElement): InterfaceSide {
  const v = requireAttr(file, el, 'InterfaceSide');
  if (!(SIDES as readonly string[]).includes(v)) {
    fail(
      file,
      el,
      'import-unknown-shape',
      `<${el.local} InterfaceSide="${v}">: not Primary, Internal or External`,
      'this interface side is not in any topology sfbports knows; please report it with the file',
    );
  }
  return v as InterfaceSide;
}

/** A NetInterface: 0.0.0.0 (and ::) mean "from DNS", so they are no address. */
export function readInterface(file: string, el: XmlElement): RawInterface {
  const ip = el.attrs.get('IPAddress');
  const configuredIp = el.attrs.get('ConfiguredIPAddress');
  const configuredFqdn = el.attrs.get('ConfiguredFqdn');
  return {
    side: sideAttr(file, el),
    number: intAttr(file, el, 'InterfaceNumber', true),
    ...(ip && !isUnspecified(ip) ? { ip } : {}),
    ...(configuredIp && !isUnspecified(configuredIp) ? { configuredIp } : {}),
    ...(configuredFqdn ? { configuredFqdn: configuredFqdn.toLowerCase() } : {}),
    at: where(file, el),
  };
}

export function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '';
}

export function readPort(file: string, el: XmlElement): RawPort {
  const range = intAttr(file, el, 'Range');
  const configuredPort = intAttr(file, el, 'ConfiguredPort');
  const configuredFqdn = el.attrs.get('ConfiguredFqdn');
  return {
    owner: el.attrs.get('Owner') ?? '',
    usage: el.attrs.get('Usage') ?? '',
    side: sideAttr(file, el),
    number: intAttr(file, el, 'InterfaceNumber', true),
    port: intAttr(file, el, 'Port', true),
    protocol: requireAttr(file, el, 'Protocol'),
    ...(range !== undefined ? { range } : {}),
    ...(configuredPort !== undefined ? { configuredPort } : {}),
    ...(configuredFqdn ? { configuredFqdn: configuredFqdn.toLowerCase() } : {}),
    at: where(file, el),
  };
}

/**
 * The attributes of a service's own element (RegistrarService, WebService, …) and of the one nested
 * element the mapping reads (WebService/ExternalSettings Host, the conferencing MCUs), flattened.
 */
export function readSettings(service: XmlElement): Map<string, string> {
  const known = new Set(['ServiceId', 'DependsOn', 'InstalledOn', 'Ports']);
  const settings = new Map<string, string>();
  for (const el of service.children) {
    if (known.has(el.local)) continue;
    for (const [k, v] of el.attrs) settings.set(k, v);
    const external = el.children.find((c) => c.local === 'ExternalSettings');
    const host = external?.attrs.get('Host');
    if (host) settings.set('ExternalHost', host.toLowerCase());
    const mcus = el.children.find((c) => c.local === 'MCUs');
    if (mcus) {
      settings.set('MCUs', mcus.children.map((m) => m.attrs.get('ComponentName') ?? '').join(','));
    }
  }
  return settings;
}

/** The SIP domains of `InternalDomains` (or of `parent` itself when it lists them directly), in lower case. */
export function readDomains(
  file: string,
  domains: XmlElement | undefined,
  parent: XmlElement,
): Pick<RawTopology, 'sipDomains' | 'defaultDomain'> {
  const fallback = domains?.attrs.get('DefaultDomain');
  return {
    sipDomains: childrenNamed(domains ?? parent, 'InternalDomain').map((d) =>
      requireAttr(file, d, 'Name').toLowerCase(),
    ),
    ...(fallback ? { defaultDomain: fallback.toLowerCase() } : {}),
  };
}
