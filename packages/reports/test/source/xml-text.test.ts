import { FileError } from '@ccm/toolkit/errors';
import { describe, expect, it } from 'vitest';
import { streamXml } from '../../src/xml';
import { tempDir, writeTemp } from '../coverage/helpers';

const dir = tempDir('xml-text');
let counter = 0;

async function texts(xml: string, textIn?: ReadonlySet<string>): Promise<string[]> {
  const file = writeTemp(dir, `d${counter++}.xml`, xml);
  const out: string[] = [];
  await streamXml(file, { text: (text, path) => out.push(`${path.join('/')}: ${text.trim()}`), textIn });
  return out.filter((entry) => !entry.endsWith(': '));
}

async function failure(xml: string, textIn?: ReadonlySet<string>): Promise<FileError> {
  try {
    await texts(xml, textIn);
  } catch (error) {
    expect(error).toBeInstanceOf(FileError);
    return error as FileError;
  }
  throw new Error('expected a FileError');
}

const DOC = `<r>
  <log>noise &amp; more</log>
  <case><failure message="m">boom <b>bold</b> <![CDATA[<raw>]]> tail</failure><out>ignored</out></case>
  <failure/>
</r>`;

describe('streamXml textIn', () => {
  it('without it, delivers all text', async () => {
    expect(await texts(DOC)).toEqual([
      'r/log: noise & more',
      'r/case/failure: boom',
      'r/case/failure/b: bold',
      'r/case/failure: <raw>',
      'r/case/failure: tail',
      'r/case/out: ignored',
    ]);
  });

  it('with it, delivers the text and CDATA of those elements and their descendants only', async () => {
    expect(await texts(DOC, new Set(['failure']))).toEqual([
      'r/case/failure: boom',
      'r/case/failure/b: bold',
      'r/case/failure: <raw>',
      'r/case/failure: tail',
    ]);
  });

  it('checks text it does not deliver as strictly: entities, "]]>", text after the root', async () => {
    const only = new Set(['failure']);
    expect((await failure('<r><log>&nope;</log></r>', only)).message).toMatch(/undefined entity/);
    expect((await failure('<r><log>a ]]> b</log></r>', only)).message).toMatch(/\]\]>/);
    expect((await failure('<r></r>text', only)).message).toMatch(/text data outside of root node/);
  });
});
