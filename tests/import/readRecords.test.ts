import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectContainer, readRecords, type ReadItem } from '../../src/ingestion/readRecords.ts';

const FIXTURES = 'tests/fixtures/import';
const dir = mkdtempSync(join(tmpdir(), 'papergraph-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function readAll(path: string): Promise<ReadItem[]> {
  const container = await detectContainer(path);
  if (container === 'text') throw new Error(`${path} is a text page, not JSON`);
  const items: ReadItem[] = [];
  for await (const item of readRecords(path, container)) items.push(item);
  return items;
}

const positions = (items: ReadItem[]) => items.map((i) => ('error' in i ? `error@${i.index}` : `${i.index}:${i.line}`));

describe('telling how a file holds its records', () => {
  it('reads a JSON array, a JSON object holding a record array, and JSON lines from the first bytes', async () => {
    expect(await detectContainer(`${FIXTURES}/iclr2018.json`)).toBe('json-array');
    expect(await detectContainer(`${FIXTURES}/hf-daily-archive.json`)).toBe('json-object');
    expect(await detectContainer(`${FIXTURES}/generic.jsonl`)).toBe('jsonl');
    expect(await detectContainer(file('one-line-object.json', '{"papers": [{"title": "T"}]}\n'))).toBe('json-object');
    expect(await detectContainer(file('minified.json', '\uFEFF  [{"title":"T"}]'))).toBe('json-array');
  });

  it('takes anything that does not start like JSON for a text page (the Daily Papers page format reads it)', async () => {
    expect(await detectContainer('seeds/hf-daily-papers-aug-1.txt')).toBe('text');
    expect(await detectContainer(file('text.json', '\n\ntitle,abstract\n'))).toBe('text');
  });

  it('refuses an empty file, binary data and a missing file, naming the file', async () => {
    await expect(detectContainer(file('empty.json', '  \n'))).rejects.toThrow(/empty\.json:1: the file is empty/);
    await expect(detectContainer(file('binary.json', Buffer.from([0x7b, 0x00, 0x01])))).rejects.toThrow(/binary\.json:1: binary data/);
    await expect(detectContainer(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
  });
});

describe('streaming records with their positions', () => {
  it('gives each record of a pretty-printed array the line it starts on', async () => {
    const items = await readAll(`${FIXTURES}/iclr2018.json`);
    expect(positions(items)).toEqual(['1:2', '2:16', '3:30']);
  });

  it('takes the records from the known array key of an object and passes over the rest', async () => {
    const items = await readAll(`${FIXTURES}/hf-daily-archive.json`);
    expect(positions(items)).toEqual(['1:7', '2:17', '3:27']);
    expect((items[0] as { value: { paper_id: string } }).value.paper_id).toBe('2602.00001');
  });

  it('numbers JSON lines by line, skipping blank ones', async () => {
    expect(positions(await readAll(`${FIXTURES}/generic.jsonl`))).toEqual(['1:1', '2:3']);
  });

  it('reports broken JSON in JSON lines at its line and reads on', async () => {
    const items = await readAll(`${FIXTURES}/broken-line-3.jsonl`);
    expect(positions(items)).toEqual(['1:1', '2:2', 'error@3', '4:4']);
    expect((items[2] as { error: Error }).error.message).toMatch(
      /^tests\/fixtures\/import\/broken-line-3\.jsonl:3: broken JSON \(.+\); each line must be one JSON record$/,
    );
  });

  it('reports broken JSON in an array at its line, after the records before it', async () => {
    const items = await readAll(`${FIXTURES}/broken-array-line-4.json`);
    expect(positions(items)).toEqual(['1:2', '2:3', 'error@3']);
    expect((items[2] as { error: Error }).error.message).toMatch(
      /broken-array-line-4\.json:4: broken JSON \(.*expected ','\); nothing after this point can be read/,
    );
  });

  it('reports a file cut short inside a record', async () => {
    const items = await readAll(file('cut.json', '[\n {"title": "A"},\n {"title": "B"'));
    expect(positions(items)).toEqual(['1:2', 'error@2']);
    expect((items[1] as { error: Error }).error.message).toMatch(/cut\.json:3: the JSON ends too early \(unclosed record 2\)/);
  });

  it('refuses an object with no record array', async () => {
    const items = await readAll(file('no-array.json', '{\n "generated_at": "x",\n "count": 0\n}\n'));
    expect((items[0] as { error: Error }).error.message).toMatch(
      /no-array\.json: a JSON object with no array of records \(expected .*papers/,
    );
  });

  it('yields values that are not objects as they are, for the reader to reject', async () => {
    const items = await readAll(file('scalars.json', '[1, "two", null, {"title": "x"}]'));
    expect(items.map((i) => ('value' in i ? i.value : 'error'))).toEqual([1, 'two', null, { title: 'x' }]);
  });

  it('streams a minified array larger than the read chunks, record by record', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ title: `Paper ${i}`, abstract: 'x'.repeat(500) }));
    const items = await readAll(file('big.json', JSON.stringify(records)));
    expect(items).toHaveLength(3000);
    expect(items.every((i, n) => 'value' in i && i.index === n + 1 && i.line === 1)).toBe(true);
    expect((items[2999] as { value: { title: string } }).value.title).toBe('Paper 2999');
  });
});
