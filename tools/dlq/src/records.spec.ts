import { describe, expect, it } from '@jest/globals';
import { classifyRecord, DLQ_RECORD_HEADER, joinReplays, replayMarkerMessage, replayMessage, type DeadLetterView } from './records';
import { DLT, letter } from '../test/letter.fixture';

const dltHeaders = { 'dlt-original-topic': 'portico.clients.client.v1', 'dlt-reason': 'handler: database said no' };
const asMessage = (value: unknown, headers: Record<string, string> = dltHeaders) => ({
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers,
});

describe('classifyRecord', () => {
  it('reads a dead letter', () => {
    expect(classifyRecord({ partition: 0, offset: '3' }, asMessage(letter()))).toEqual({
      kind: 'dead-letter',
      position: { partition: 0, offset: '3' },
      letter: letter(),
    });
  });

  it('reads a replay marker by its header', () => {
    const view: DeadLetterView = { position: { partition: 0, offset: '3' }, letter: letter(), replays: [] };
    const marker = replayMarkerMessage(DLT, view, { topic: 'portico.clients.client.v1', partition: 2, offset: '97' }, '2025-03-02T08:00:00.000Z');
    const record = classifyRecord({ partition: 0, offset: '4' }, { value: Buffer.from(marker.value), headers: marker.headers });
    expect(record).toMatchObject({
      kind: 'replay',
      marker: { replayOf: { topic: DLT, partition: 0, offset: '3' }, republished: { offset: '97' }, eventId: 'e-1' },
    });
  });

  it.each([
    ['empty', '', /empty record/],
    ['not JSON', '{"service":', /^not JSON/],
    ['another shape', { hello: 'world' }, /^not a dead letter: service: /],
    ['a marker header on something else', { kind: 'x' }, /^not a replay marker: /],
  ])('calls %s unreadable, saying why', (name, value, problem) => {
    const headers = name.startsWith('a marker') ? { [DLQ_RECORD_HEADER]: 'replay-marker' } : dltHeaders;
    const record = classifyRecord({ partition: 0, offset: '9' }, value === '' ? { value: null, headers } : asMessage(value, headers));
    expect(record.kind).toBe('unreadable');
    expect(record.kind === 'unreadable' && record.problem).toMatch(problem);
  });
});

describe('replayMessage', () => {
  it('sends the original key, value and headers to the original topic, without dlt-* headers, marked as a replay', () => {
    const view: DeadLetterView = {
      position: { partition: 0, offset: '3' },
      letter: letter({ headers: { 'event-id': 'e-1', 'dlt-reason': 'stale', traceparent: '00-abc' } }),
      replays: [],
    };
    expect(replayMessage(DLT, view, '2025-03-02T08:00:00.000Z')).toEqual({
      topic: 'portico.clients.client.v1',
      message: {
        key: 'c-1',
        value: letter().value,
        headers: { 'event-id': 'e-1', traceparent: '00-abc', 'portico-replayed-from': `${DLT}:0:3`, 'portico-replayed-at': '2025-03-02T08:00:00.000Z' },
      },
    });
  });

  it('replaces the marks of an earlier replay (a dead letter of a replay carries them)', () => {
    const view: DeadLetterView = {
      position: { partition: 0, offset: '8' },
      letter: letter({ headers: { 'event-id': 'e-1', 'portico-replayed-from': `${DLT}:0:3`, 'portico-replayed-at': 'earlier' } }),
      replays: [],
    };
    expect(replayMessage(DLT, view, 'now').message.headers).toEqual({ 'event-id': 'e-1', 'portico-replayed-from': `${DLT}:0:8`, 'portico-replayed-at': 'now' });
  });

  it('refuses a dead letter without a value', () => {
    expect(() => replayMessage(DLT, { position: { partition: 0, offset: '1' }, letter: letter({ value: null }), replays: [] }, 'now')).toThrow('no value');
  });
});

describe('joinReplays', () => {
  it('pairs each dead letter with its replays, in order, and keeps unreadable records apart', () => {
    const first: DeadLetterView = { position: { partition: 0, offset: '0' }, letter: letter(), replays: [] };
    const marker = (at: string, offset: string) => {
      const message = replayMarkerMessage(DLT, first, { topic: first.letter.topic, partition: 2, offset }, at);
      return classifyRecord({ partition: 0, offset: String(Number(offset) - 90) }, { value: Buffer.from(message.value), headers: message.headers });
    };
    const records = [
      classifyRecord({ partition: 0, offset: '0' }, asMessage(letter())),
      classifyRecord({ partition: 0, offset: '1' }, asMessage(letter({ eventId: 'e-2', offset: '42' }))),
      classifyRecord({ partition: 0, offset: '2' }, asMessage('junk')),
      marker('t1', '93'),
      marker('t2', '94'),
    ];
    const { letters, unreadable } = joinReplays(DLT, records);
    expect(letters.map((view) => [view.position.offset, view.replays.map((replay) => [replay.replayedAt, replay.markerOffset])])).toEqual([
      [
        '0',
        [
          ['t1', '3'],
          ['t2', '4'],
        ],
      ],
      ['1', []],
    ]);
    expect(unreadable.map((record) => record.position.offset)).toEqual(['2']);
  });
});
