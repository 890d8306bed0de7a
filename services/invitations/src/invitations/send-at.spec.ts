import { parseSendAt } from './send-at';

const now = new Date('2026-03-01T10:00:00Z');
const ruleOf = (value: unknown) => {
  const parsed = parseSendAt(value, now);
  return 'error' in parsed ? parsed.error.rule : 'ok';
};

describe('parseSendAt', () => {
  it('is optional', () => {
    expect(parseSendAt(undefined, now)).toEqual({ sendAt: null });
  });

  it('takes a future ISO 8601 date-time with a zone, up to 90 days ahead', () => {
    expect(parseSendAt('2026-03-02T09:30:00+02:00', now)).toEqual({ sendAt: new Date('2026-03-02T07:30:00Z') });
    expect(ruleOf('2026-05-30T10:00:00Z')).toBe('ok');
  });

  it('names the rule a value breaks', () => {
    expect(ruleOf('tomorrow')).toBe('isoDateTime');
    expect(ruleOf('2026-03-02T09:30:00')).toBe('isoDateTime');
    expect(ruleOf(12)).toBe('isoDateTime');
    expect(ruleOf('2026-03-01T10:00:00Z')).toBe('future');
    expect(ruleOf('2026-05-30T10:00:01Z')).toBe('maxDaysAhead');
    expect(parseSendAt('2020-01-01T00:00:00Z', now)).toEqual({ error: { field: 'sendAt', rule: 'future', message: 'sendAt must be in the future' } });
  });
});
