/**
 * Amounts are integer minor units (cents) of the firm's one currency. Products and tax are
 * computed in BigInt so no step ever rounds through floating point; an invoice whose total
 * would not be an exact JavaScript number is refused (InvoiceTotalTooLargeError).
 */

export interface LineInput {
  description: string;
  quantity: number;
  unitPriceMinor: number;
  /** 1/100 of a percent: 825 = 8.25 %. */
  taxRateBasisPoints: number;
}

export interface PricedLine extends LineInput {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface Totals {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

const BASIS_POINTS = 10_000n;

/** round-half-up(amount x basisPoints / 10000) for a non-negative amount, in integers only. */
export function taxOf(subtotalMinor: bigint, taxRateBasisPoints: number): bigint {
  return (subtotalMinor * BigInt(taxRateBasisPoints) + BASIS_POINTS / 2n) / BASIS_POINTS;
}

interface ExactLine {
  subtotal: bigint;
  tax: bigint;
}

function exactLine(line: LineInput): ExactLine {
  const subtotal = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
  return { subtotal, tax: taxOf(subtotal, line.taxRateBasisPoints) };
}

const exact = (value: bigint): number | undefined => (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined);

/**
 * Each line's subtotal (quantity x unit price), tax (rounded half up per line) and total, and
 * the invoice's sums of them. Undefined when the total exceeds Number.MAX_SAFE_INTEGER.
 */
export function priceLines(lines: readonly LineInput[]): { lines: PricedLine[]; totals: Totals } | undefined {
  const exactLines = lines.map(exactLine);
  const subtotal = exactLines.reduce((sum, line) => sum + line.subtotal, 0n);
  const tax = exactLines.reduce((sum, line) => sum + line.tax, 0n);
  // Every part is non-negative, so the parts fit whenever the total does.
  if (exact(subtotal + tax) === undefined) return undefined;
  return {
    lines: lines.map((line, index) => {
      const { subtotal: lineSubtotal, tax: lineTax } = exactLines[index]!;
      return { ...line, subtotalMinor: Number(lineSubtotal), taxMinor: Number(lineTax), totalMinor: Number(lineSubtotal + lineTax) };
    }),
    totals: { subtotalMinor: Number(subtotal), taxMinor: Number(tax), totalMinor: Number(subtotal + tax) },
  };
}
