/** The `--queue` URL: checked up front, and never printed with its password. */
import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redactedUrl } from '../../src/queue/redis-url.js';

describe('parseQueueUrl', () => {
  it('reads host, port, database and credentials', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6390/3')).toMatchObject({
      host: '127.0.0.1',
      port: 6390,
      db: 3,
      tls: false,
    });
    expect(parseQueueUrl('redis://queue.internal')).toMatchObject({ host: 'queue.internal', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://u:p%40ss@h:1/0')).toMatchObject({ tls: true, username: 'u', password: 'p@ss' });
    expect(parseQueueUrl('redis://[::1]:7000/1')).toMatchObject({ host: '::1', port: 7000, db: 1 });
  });

  it.each([
    ['localhost:6379', /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['http://h:6379/0', /scheme http:/],
    ['redis://h:6379/x', /database number 0\.\.15/],
    ['redis://h:6379/16', /database number 0\.\.15/],
    ['redis://h:6379/0?password=x', /without \?query/],
    ['not a url', /a Redis URL/],
  ])('refuses %s with the fix', (value, expected) => {
    expect(() => parseQueueUrl(value)).toThrow(expected);
    expect(() => parseQueueUrl(value)).toThrow(/--queue: .*Fix: pass e\.g\. --queue redis:\/\/127\.0\.0\.1:6379\/0/);
  });

  it('never puts a password in an error', () => {
    expect(() => parseQueueUrl('http://user:hunter2@h:6379/0')).toThrow(/user:\*\*\*@h/);
    expect(() => parseQueueUrl('http://user:hunter2@h:6379/0')).not.toThrow(/hunter2/);
  });
});

describe('redactedUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactedUrl('redis://:s3cret@h:6379/2')).toBe('redis://:***@h:6379/2');
    expect(redactedUrl('redis://h:6379/2')).toBe('redis://h:6379/2');
  });
});
