import { describe, expect, it } from '@jest/globals';
import { listRows, listSummary, oneLine, positionLabel, showText, viewJson } from './format';
import type { DeadLetterView } from './records';
import { DLT, letter } from '../test/letter.fixture';

const pending: DeadLetterView = { position: { partition: 0, offset: '3' }, letter: letter(), replays: [] };
const replayed: DeadLetterView = {
  position: { partition: 0, offset: '12' },
  letter: letter({
    eventId: 'e-2',
    offset: '57',
    reason: 'handler: a reason\nover two lines that is much longer than the column it is shown in, so it gets cut short',
  }),
  replays: [
    {
      kind: 'portico.dlq.replayed',
      replayOf: { topic: DLT, partition: 0, offset: '12' },
      original: { topic: 'portico.clients.client.v1', partition: 2, offset: '57' },
      republished: { topic: 'portico.clients.client.v1', partition: 2, offset: '90' },
      replayedAt: '2025-03-02T08:00:00.000Z',
      eventId: 'e-2',
      eventType: 'ClientCreated',
      markerOffset: '13',
    },
  ],
};

describe('list output', () => {
  it('is a table: offset, failed at, original, event, attempts, replayed, reason (one line, shortened)', () => {
    const rows = listRows([pending, replayed], [{ kind: 'unreadable', position: { partition: 0, offset: '5' }, problem: 'not JSON' }]);
    expect(rows).toEqual([
      'OFFSET  FAILED AT                 ORIGINAL                         EVENT              ATTEMPTS  REPLAYED                  REASON',
      '3       2025-03-01T10:00:00.000Z  portico.clients.client.v1[2]@41  ClientCreated e-1  5         no                        handler: database said no',
      '5       -                         -                                -                  -         -                         unreadable record: not JSON',
      '12      2025-03-01T10:00:00.000Z  portico.clients.client.v1[2]@57  ClientCreated e-2  5         2025-03-02T08:00:00.000Z  handler: a reason over two lines that is much longer than the column it is show…',
    ]);
  });

  it('ends with the count, replayed or not', () => {
    expect(listSummary(DLT, [pending, replayed], 2, 0)).toBe(`2 dead letters in ${DLT} (1 replayed, 1 not replayed)`);
    expect(listSummary(DLT, [pending], 0, 1)).toBe(`1 dead letter in ${DLT} (0 replayed, 1 not replayed); 1 unreadable record; 0 shown`);
  });

  it('names a record by its offset alone on partition 0', () => {
    expect(positionLabel({ partition: 0, offset: '7' })).toBe('7');
    expect(positionLabel({ partition: 3, offset: '7' })).toBe('3:7');
    expect(oneLine('  a\n\tb  ', 10)).toBe('a b');
  });
});

describe('show output', () => {
  it('prints every field, the replays and the value pretty-printed', () => {
    expect(showText(DLT, replayed)).toEqual([
      `dead letter 12 of ${DLT} (partition 0, offset 12)`,
      '  service     invitations (consumer group invitations)',
      '  original    portico.clients.client.v1[2]@57',
      '  key         c-1',
      '  event       ClientCreated e-2',
      '  failed at   2025-03-01T10:00:00.000Z',
      '  attempts    5',
      '  reason      handler: a reason',
      '              over two lines that is much longer than the column it is shown in, so it gets cut short',
      '  replayed    2025-03-02T08:00:00.000Z -> portico.clients.client.v1[2]@90 (recorded at offset 13)',
      '  headers',
      '    event-type: ClientCreated',
      '    event-id: e-1',
      '  value',
      '    {',
      '      "id": "e-1",',
      '      "type": "ClientCreated",',
      '      "payload": {',
      '        "clientId": "c-1"',
      '      }',
      '    }',
    ]);
  });

  it('prints a value that is not JSON as it is', () => {
    const lines = showText(DLT, { ...pending, letter: letter({ value: 'not {json', eventId: null, eventType: null, headers: {} }) });
    expect(lines).toContain('  event       -');
    expect(lines).toContain('  headers     (none)');
    expect(lines.slice(-2)).toEqual(['  value (not JSON)', '    not {json']);
  });

  it('as JSON: the record with its value parsed, and the replays', () => {
    expect(viewJson(DLT, replayed, true)).toMatchObject({
      topic: DLT,
      partition: 0,
      offset: '12',
      deadLetter: { eventId: 'e-2', value: { id: 'e-1', payload: { clientId: 'c-1' } } },
      replays: [{ replayedAt: '2025-03-02T08:00:00.000Z', republished: { offset: '90' }, markerOffset: '13' }],
    });
  });
});
