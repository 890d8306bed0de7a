interface PromSample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

interface PromFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: PromSample[];
}

// The package ships no types; its output is prom2json's (values are strings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => PromFamily[];

/**
 * One scrape of a `/metrics` endpoint, parsed by a Prometheus text-format parser (a port of
 * client_python's, prom2json's output). The parser merges the samples of a labelled histogram
 * into one: `histogramCount` parses the histogram's `_count` series on their own instead.
 */
export class MetricsScrape {
  private constructor(
    readonly families: PromFamily[],
    readonly text: string,
  ) {}

  static async of(url: string): Promise<MetricsScrape> {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.startsWith('text/plain')) throw new Error(`GET ${url}: content-type ${contentType}, not the Prometheus text format`);
    const text = await response.text();
    return new MetricsScrape(parsePrometheusTextFormat(text), text);
  }

  has(name: string): boolean {
    return this.families.some((family) => family.name === name);
  }

  type(name: string): string | undefined {
    return this.families.find((family) => family.name === name)?.type;
  }

  /** Sum of the samples of `name` whose labels include `labels` (0 when none): a counter's or gauge's value. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, sample) => sum + Number(sample.value ?? sample.count ?? 0), 0);
  }

  /** Observations of histogram `name` whose labels include `labels`. */
  histogramCount(name: string, labels: Record<string, string> = {}): number {
    const countLines = this.text.split('\n').filter((line) => line.startsWith(`${name}_count{`) || line.startsWith(`${name}_count `));
    return new MetricsScrape(parsePrometheusTextFormat(countLines.join('\n') + '\n'), '').value(`${name}_count`, labels);
  }

  /** The label sets of `name`'s samples that include `labels`. */
  labelSets(name: string, labels: Record<string, string> = {}): Record<string, string>[] {
    return this.samples(name, labels).map((sample) => sample.labels ?? {});
  }

  private samples(name: string, labels: Record<string, string>) {
    const family = this.families.find((candidate) => candidate.name === name);
    return (family?.metrics ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value));
  }
}
