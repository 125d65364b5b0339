import { afterEach, describe, expect, it } from 'vitest';
import { localReportQueue, reportQueueEnv, reportQueueFromEnv } from '../../../adapters/queue/report-queue.ts';
import { localEnvironment } from '../../../local/env.ts';
import { startLocalReports, type LocalReports } from '../../../local/reports.ts';
import { testDependencies } from '../../support/dynamo.ts';

/**
 * The report jobs of the local cloud (`npm start`, test/support/local-stack.ts): `REPORT_QUEUE_URL`
 * names the in-process queue, the queue feeds the renderer's real message handler (with SQS's
 * redeliveries), and stopping the local cloud closes the Chromium it rendered with.
 */
let reports: LocalReports | undefined;
afterEach(async () => {
  await reports?.stop();
  reports = undefined;
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local report jobs', () => {
  it('the local environment names the in-process report queue', () => {
    expect(localEnvironment({ dynamodbEndpoint: 'http://127.0.0.1:1' })[reportQueueEnv]).toBe('local:reports');
    expect(process.env[reportQueueEnv]).toBe('local:reports');
  });

  it("the queue feeds the renderer's message handler, redelivering a message that fails, then dead-lettering it", async () => {
    let calls = 0;
    // Fault injection: every run fails before it reads anything.
    const failing = () => {
      calls += 1;
      throw new Error('injected: the store is unreachable');
    };
    reports = await startLocalReports({ dependencies: failing, renderer: { render: () => Promise.reject(new Error('unused')) } });
    const before = localReportQueue.deadLetters.length;
    await reportQueueFromEnv().send({ tenant: 't-local', jobId: 'job-fails' });
    await localReportQueue.drain();
    expect(calls).toBe(localReportQueue.maxReceiveCount);
    expect(localReportQueue.deadLetters.slice(before).map((body) => JSON.parse(body))).toEqual([{ tenant: 't-local', jobId: 'job-fails' }]);
  });

  it('a message for a job that does not exist is handled once and dropped (nothing to retry)', async () => {
    reports = await startLocalReports({ dependencies: () => testDependencies() });
    const before = localReportQueue.deadLetters.length;
    await reportQueueFromEnv().send({ tenant: 't-local', jobId: 'no-such-job' });
    await localReportQueue.drain();
    expect(localReportQueue.deadLetters.length).toBe(before);
  });

  it('stopping closes the Chromium the renderer launched, after the render in flight', async () => {
    reports = await startLocalReports();
    const renderer = reports.renderer as typeof reports.renderer & { browserProcessId(): number | null };
    const rendered = await renderer.render({
      html: '<!doctype html><html lang="en"><head><title>t</title></head><body><h1>Local report</h1></body></html>',
      headerHtml: '<span></span>',
      footerHtml: '<span class="pageNumber"></span> / <span class="totalPages"></span>',
    });
    expect(rendered.pages).toBe(1);
    const pid = renderer.browserProcessId();
    expect(pid).not.toBeNull();
    expect(alive(pid!)).toBe(true);
    await reports.stop();
    reports = undefined;
    // Closing waits for the browser to exit; allow the kernel a moment to reap it.
    for (let i = 0; i < 50 && alive(pid!); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid!)).toBe(false);
  });
});
