import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryPeopleDirectory } from '../../../adapters/people/memory-people-directory.ts';
import { startLocalSchedules } from '../../../local/schedules.ts';
import { person } from '../../support/activity-fixtures.ts';
import { Projector } from '../../../projections/projector.ts';
import { activityHistory } from '../../support/activity-fixtures.ts';
import { testDependencies } from '../../support/dynamo.ts';

describe('local schedules (npm start)', () => {
  it("runs the reminder job's handler and writes what it sends to the outbox, logging it", async () => {
    const outbox = await mkdtemp(join(tmpdir(), 'outbox-'));
    process.env['LOCAL_OUTBOX_DIR'] = outbox;
    const { eventStore, readModels } = testDependencies();
    const history = activityHistory(eventStore, new Projector(readModels, eventStore), 'demo');
    const now = Date.now();
    await history.schedule({
      at: new Date(now - 20 * 60_000).toISOString(),
      start: new Date(now + 5 * 60_000).toISOString(),
      assignee: { kind: 'user', userId: 'standard' },
      offsets: [15],
      subject: 'Local reminder',
    });

    const lines: string[] = [];
    const people = new MemoryPeopleDirectory({
      users: [person('demo', 'standard', { name: 'Sara Conti', email: 'standard@demo.example.com', locale: 'en' })],
    });
    const schedules = await startLocalSchedules({ intervalMs: 3_600_000, log: (line) => lines.push(line), people });
    await schedules.stop(); // waits for the first run, which starts at once

    const files = await readdir(outbox);
    const emls = await Promise.all(files.map((file) => readFile(join(outbox, file), 'utf8')));
    const reminder = emls.find((eml) => eml.includes('Subject: Reminder: Local reminder'));
    expect(reminder).toContain('To: Sara Conti <standard@demo.example.com>');
    expect(lines.some((line) => line.startsWith('[mail] wrote ') && line.endsWith('.eml'))).toBe(true);
    expect(lines.some((line) => /^\[reminders\] due \d+: sent [1-9]/.test(line))).toBe(true);
  });
});
