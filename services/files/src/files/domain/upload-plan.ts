/** S3's bounds: every part but the last is at least 5 MiB, at most 10,000 parts, a single PUT at most 5 GiB. */
export const S3_MIN_PART_BYTES = 5 * 1024 * 1024;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_PUT_BYTES = 5 * 1024 * 1024 * 1024;

export type UploadPlan = { kind: 'single' } | { kind: 'multipart'; partSize: number; partCount: number };

/**
 * How a file of `sizeBytes` goes to storage: one PUT up to `thresholdBytes`, else parts of
 * `thresholdBytes` (at least S3's minimum), larger when 10,000 of them would not hold the file.
 */
export function planUpload(sizeBytes: number, thresholdBytes: number): UploadPlan {
  if (sizeBytes <= thresholdBytes) return { kind: 'single' };
  const partSize = Math.max(thresholdBytes, S3_MIN_PART_BYTES, Math.ceil(sizeBytes / S3_MAX_PARTS));
  return { kind: 'multipart', partSize, partCount: Math.ceil(sizeBytes / partSize) };
}
