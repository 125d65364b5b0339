import { describe, expect, it } from 'vitest';
import { countRecords } from '../../../import/csv/count-records.ts';

describe('countRecords', () => {
  it('counts records as the job reads them: quoted line breaks, blank lines and empty rows are not rows', async () => {
    const text = 'name;street\r\nAlfa;"Via Roma 1\r\nScala B"\r\n\r\n;;\r\nBeta;Via Po 2\r\n';
    expect(await countRecords(text, { limit: 10 })).toBe(2);
    expect(await countRecords('name\tcity\nAlfa\tMilano\n', { limit: 10, delimiter: '\t' })).toBe(1);
  });

  it('stops one past the limit', async () => {
    const text = `name\n${Array.from({ length: 100 }, (_, i) => `r${i}`).join('\n')}`;
    expect(await countRecords(text, { limit: 5 })).toBe(6);
    expect(await countRecords(text, { limit: 100 })).toBe(100);
  });

  it('a text that is not CSV is for the job to explain (null)', async () => {
    expect(await countRecords('name\n"Alfa\nBeta\n', { limit: 10 })).toBeNull();
  });
});
