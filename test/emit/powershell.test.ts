import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMITTERS, emitters } from '../../src/emit/index.js';
import { acceptsParameter, CMDLETS, NATIVE_COMMANDS } from '../../src/emit/powershell-cmdlets.js';
import { psString } from '../../src/emit/quote/powershell.js';
import { type EmitOptions, emittedText } from '../../src/emit/types.js';
import type { Plan } from '../../src/model/plan.js';
import { fixturePlan, HOSTILE_PURPOSE, hostilePlan } from './fixtures.js';
import { parsePowerShell } from './support/powershell.js';

const PS_TARGETS = EMITTERS.filter((e) => e.extension === 'ps1');

function variants(name: string): EmitOptions[] {
  const e = PS_TARGETS.find((t) => t.name === name)!;
  return [{}, ...e.capabilities.variants.map((v) => ({ variant: v.name }))];
}

/** Emits a plan through every PowerShell target and variant. */
function scripts(plan: Plan): Array<[string, string]> {
  return PS_TARGETS.flatMap((e) =>
    variants(e.name).map(
      (o) =>
        [`${e.name}${o.variant ? `/${o.variant}` : ''}`, emittedText(e.emit(plan, o).text)] as [
          string,
          string,
        ],
    ),
  );
}

describe('PowerShell output', () => {
  it('parses without ERROR or MISSING nodes, and uses only known cmdlets and parameters', async () => {
    for (const [name, text] of [...scripts(fixturePlan), ...scripts(hostilePlan(HOSTILE_PURPOSE))]) {
      const parsed = await parsePowerShell(text);
      expect(parsed.errors, name).toEqual([]);
      expect(parsed.commands.length, name).toBeGreaterThan(1);
      for (const c of parsed.commands) {
        if (parsed.functions.includes(c.name)) continue;
        if (c.native) {
          expect(Object.keys(NATIVE_COMMANDS), `${name}:${c.line}`).toContain(c.name);
          continue;
        }
        expect(Object.keys(CMDLETS), `${name}:${c.line} ${c.name}`).toContain(c.name);
        for (const p of c.parameters)
          expect(acceptsParameter(c.name, p), `${name}:${c.line} ${c.name} -${p}`).toBe(true);
      }
    }
  });

  it('rejects a parameter the cmdlet does not have (the check can fail)', async () => {
    const parsed = await parsePowerShell("New-NetFirewallRule -Nmae 'x' -LocalPort '1'");
    const c = parsed.commands[0]!;
    expect(c.parameters.map((p) => acceptsParameter(c.name, p))).toEqual([false, true]);
    expect((await parsePowerShell("New-NetFirewallRule -Name 'x")).errors.length).toBeGreaterThan(0);
  });

  it('keeps hostile text one literal: same commands, and the string node is the quoted text', async () => {
    const baseline = new Map<string, string[]>();
    for (const [name, text] of scripts(hostilePlan('plain'))) {
      baseline.set(
        name,
        (await parsePowerShell(text)).commands.map((c) => `${c.name} ${c.parameters.join(' ')}`),
      );
    }
    const hostile = fc.string({
      unit: fc.constantFrom(...`ab '"$()\`;|&{}#<>@\n\r\t\u2018\u2019\u201a\u201b\u201c\u201dü€😀-`),
      minLength: 1,
      maxLength: 24,
    });
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        for (const [name, script] of scripts(hostilePlan(text))) {
          const parsed = await parsePowerShell(script);
          expect(parsed.errors, name).toEqual([]);
          expect(
            parsed.commands.map((c) => `${c.name} ${c.parameters.join(' ')}`),
            name,
          ).toEqual(baseline.get(name));
        }
        // The topology name goes into every -Group value as one single-quoted literal.
        const fw = (await parsePowerShell(emittedText(emitters[0].emit(hostilePlan(text), {}).text)))
          .commands[0]!;
        expect(fw.name).toBe('Remove-NetFirewallRule');
        expect(fw.strings).toEqual([psString(`sfbports ${text}`)]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('psString', () => {
  it('doubles every quote PowerShell ends a verbatim string with, and flattens line breaks', () => {
    expect(psString("it's")).toBe("'it''s'");
    expect(psString('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(psString('$(x) `y` "z"')).toBe(`'$(x) \`y\` "z"'`);
    expect(psString('a\nb\r\nc')).toBe("'a b  c'");
  });
});
