import { priceLines, taxOf } from './money';

const line = (quantity: number, unitPriceMinor: number, taxRateBasisPoints = 0) => ({ description: 'Work', quantity, unitPriceMinor, taxRateBasisPoints });

describe('taxOf (round half up, integers only)', () => {
  it.each([
    [1000n, 825, 83n], // 82.5 -> 83
    [1000n, 824, 82n], // 82.4 -> 82
    [1n, 5000, 1n], // 0.5 -> 1
    [1n, 4999, 0n], // 0.4999 -> 0
    [3n, 3333, 1n], // 0.9999 -> 1
    [0n, 10_000, 0n],
    [12_345n, 10_000, 12_345n],
    [999n, 0, 0n],
  ])('tax of %p at %p bp is %p', (subtotal, basisPoints, tax) => {
    expect(taxOf(subtotal, basisPoints)).toBe(tax);
  });

  it('stays exact where floating point would not: 2^53 x 1 bp', () => {
    expect(taxOf(2n ** 53n, 1)).toBe((2n ** 53n + 5000n) / 10_000n);
  });
});

describe('priceLines', () => {
  it('prices each line (quantity x unit price, tax per line) and sums the lines', () => {
    const priced = priceLines([line(3, 1999, 825), line(1, 5000), line(2, 15, 5000)])!;
    expect(priced.lines.map(({ subtotalMinor, taxMinor, totalMinor }) => ({ subtotalMinor, taxMinor, totalMinor }))).toEqual([
      { subtotalMinor: 5997, taxMinor: 495, totalMinor: 6492 }, // 494.75 -> 495
      { subtotalMinor: 5000, taxMinor: 0, totalMinor: 5000 },
      { subtotalMinor: 30, taxMinor: 15, totalMinor: 45 },
    ]);
    expect(priced.totals).toEqual({ subtotalMinor: 11_027, taxMinor: 510, totalMinor: 11_537 });
  });

  it('rounds each line, then sums (two half cents are two cents, not one)', () => {
    expect(priceLines([line(1, 1, 5000), line(1, 1, 5000)])!.totals).toEqual({ subtotalMinor: 2, taxMinor: 2, totalMinor: 4 });
  });

  it('keeps the input fields of each line', () => {
    expect(priceLines([line(2, 10, 100)])!.lines[0]).toMatchObject({ description: 'Work', quantity: 2, unitPriceMinor: 10, taxRateBasisPoints: 100 });
  });

  it('refuses totals beyond Number.MAX_SAFE_INTEGER instead of rounding them', () => {
    expect(priceLines([line(1_000_000, 1e12)])).toBeUndefined();
    expect(priceLines([line(1, Number.MAX_SAFE_INTEGER)])).toBeDefined();
    expect(priceLines([line(1, Number.MAX_SAFE_INTEGER - 1, 10_000)])).toBeUndefined();
  });
});
