import { type Unzipped, unzipSync } from 'fflate';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { decodeTopology } from '../topology/decode.js';
import { readPublished } from './published.js';
import { fail, type RawTopology, TOPOLOGY_BUILDER_NS, TOPOLOGY_NS } from './raw.js';
import { readTbxml } from './tbxml.js';
import { descendants, parseXml, type XmlElement } from './xml.js';

/**
 * Bytes in, the deployment read out. Which of the three inputs it is comes from the content, never the
 * file name: a ZIP (Export-CsConfiguration, the topology in DocItemSet.xml), or XML whose root is the
 * published <Topology> or Topology Builder's <TopologyBuilder>. Text is UTF-8, or UTF-16 with a byte
 * order mark as Windows PowerShell 5.1 writes it (the topology decoder).
 */

const DOC_ITEM_SET = 'docitemset.xml';

export function readDeployment(bytes: Uint8Array, file: string, maxBytes: number): RawTopology {
  if (isZip(bytes)) {
    const inner = `${file}!DocItemSet.xml`;
    const root = xmlRoot(unzipDocItemSet(bytes, file, maxBytes), inner);
    const topologies =
      root.local === 'Topology' && root.ns === TOPOLOGY_NS
        ? [root]
        : descendants(root, 'Topology', TOPOLOGY_NS);
    if (topologies.length !== 1) {
      fail(
        inner,
        root,
        'import-no-topology',
        topologies.length === 0
          ? 'DocItemSet.xml holds no published topology (no Topology element)'
          : `DocItemSet.xml holds ${topologies.length} Topology elements; sfbports expects one`,
        'export again with Export-CsConfiguration -FileName config.zip, or give the XML of (Get-CsTopology -AsXml).ToString()',
      );
    }
    return readPublished(topologies[0]!, inner, 'zip');
  }
  const root = xmlRoot(bytes, file);
  if (root.local === 'Topology' && root.ns === TOPOLOGY_NS) return readPublished(root, file, 'published');
  if (root.local === 'TopologyBuilder' && root.ns === TOPOLOGY_BUILDER_NS) return readTbxml(root, file);
  return fail(
    file,
    root,
    'import-wrong-root',
    `the root element is <${root.local}>${root.ns ? ` in ${root.ns}` : ''}, not a topology`,
    `give the published topology (root Topology in ${TOPOLOGY_NS}), a Topology Builder .tbxml (root TopologyBuilder), or the ZIP of Export-CsConfiguration`,
  );
}

function isZip(b: Uint8Array): boolean {
  return (
    b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)
  );
}

function xmlRoot(bytes: Uint8Array, file: string): XmlElement {
  const decoded = decodeTopology(bytes, file);
  if ('diagnostic' in decoded) throw new UserError(decoded.diagnostic);
  const parsed = parseXml(decoded.text, file);
  if ('diagnostic' in parsed) throw new UserError(parsed.diagnostic);
  return parsed.root;
}

/**
 * DocItemSet.xml out of the ZIP. The size each entry declares is checked against the input limit before
 * anything is inflated, and only that one entry is inflated, so a ZIP bomb is refused unread.
 */
function unzipDocItemSet(bytes: Uint8Array, file: string, maxBytes: number): Uint8Array {
  let tooLarge: number | undefined;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.split('/').pop()?.toLowerCase() !== DOC_ITEM_SET) return false;
        if (entry.originalSize > maxBytes) {
          tooLarge = entry.originalSize;
          return false;
        }
        return true;
      },
    });
  } catch (err) {
    throw new UserError(
      zipError(file, `the ZIP cannot be read (${(err as Error).message}): it is truncated or damaged`),
    );
  }
  if (tooLarge !== undefined) {
    throw new UserError(
      zipError(
        file,
        `DocItemSet.xml would inflate to ${tooLarge} bytes, more than the input size limit of ${maxBytes}`,
        'if this really is a configuration export, raise the limit with --max-input-size',
      ),
    );
  }
  const entry = Object.entries(files).find(([name]) => name.split('/').pop()?.toLowerCase() === DOC_ITEM_SET);
  if (!entry) throw new UserError(zipError(file, 'the ZIP holds no DocItemSet.xml'));
  // The declared size may lie: what came out is measured too.
  if (entry[1].length > maxBytes)
    throw new UserError(zipError(file, 'DocItemSet.xml is larger than the input size limit'));
  return entry[1];
}

function zipError(file: string, message: string, hint?: string): Diagnostic {
  return {
    code: 'import-bad-zip',
    severity: 'error',
    message,
    loc: { file, line: 1, column: 1 },
    hint: hint ?? 'export again with Export-CsConfiguration -FileName config.zip and copy the whole file',
  };
}
