import { describe, expect, it } from 'vitest';
import { CalendarFeedIcsParams, CreatedCalendarFeed } from '../../../contract/http/calendar-feeds.ts';
import { feedUrls } from '../../../functions/http/collaboration/calendar-feed-operations.ts';
import { requestOrigin } from '../../../functions/http/request-origin.ts';
import { HttpProblem } from '../../../functions/shared/problem.ts';

const secret = 'dDE.b2xnYQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('the public .ics route’s parameters', () => {
  it('take any strings, so that a malformed id or an over-long secret reaches the service’s one 404 (not a 400 that tells them apart)', () => {
    for (const params of [
      { id: 'not an id #1', secret },
      { id: '../..', secret: 'x' },
      { id: 'f1', secret: 's'.repeat(5000) },
      { id: 'é'.repeat(300), secret: '' },
    ]) expect(CalendarFeedIcsParams.safeParse(params).success, JSON.stringify(params).slice(0, 40)).toBe(true);
  });
});

describe('the feed URLs in the 201 answer', () => {
  it('are absolute on the host reached: https, webcal alike', () => {
    const urls = feedUrls('abc123.execute-api.eu-south-1.amazonaws.com', 'f1', secret);
    expect(urls).toEqual({
      url: `https://abc123.execute-api.eu-south-1.amazonaws.com/v1/calendar/feeds/f1/${secret}`,
      webcalUrl: `webcal://abc123.execute-api.eu-south-1.amazonaws.com/v1/calendar/feeds/f1/${secret}`,
    });
    expect(CreatedCalendarFeed.safeParse({ id: 'f1', name: null, includeGroups: false, createdAt: '2026-01-01T00:00:00.000Z', ...urls }).success).toBe(true);
  });

  it('use http on a loopback host (the local stack), keeping its port', () => {
    expect(requestOrigin('127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(requestOrigin('localhost:8080')).toBe('http://localhost:8080');
    expect(requestOrigin('[::1]:3000')).toBe('http://[::1]:3000');
    expect(requestOrigin('api.cronaca.example')).toBe('https://api.cronaca.example');
    expect(requestOrigin('localhost.evil.example')).toBe('https://localhost.evil.example');
  });

  it('refuse a Host that is no host name, naming the header', () => {
    for (const host of [undefined, '', 'a/b', 'evil.example/path?', 'user@host', 'host:port']) {
      let thrown: unknown;
      try {
        requestOrigin(host);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(host)).toBeInstanceOf(HttpProblem);
      expect(thrown).toMatchObject({ status: 400, issues: [{ path: 'header.host' }] });
    }
  });
});
