import { planUpload, S3_MAX_PARTS, S3_MIN_PART_BYTES } from './upload-plan';

const MiB = 1024 * 1024;

describe('planUpload', () => {
  it('uses one PUT up to the threshold, empty files included', () => {
    expect(planUpload(0, 64 * MiB)).toEqual({ kind: 'single' });
    expect(planUpload(20_000_000, 64 * MiB)).toEqual({ kind: 'single' });
    expect(planUpload(64 * MiB, 64 * MiB)).toEqual({ kind: 'single' });
  });

  it('splits a larger file into parts of the threshold, the last holding the rest', () => {
    expect(planUpload(64 * MiB + 1, 64 * MiB)).toEqual({ kind: 'multipart', partSize: 64 * MiB, partCount: 2 });
    expect(planUpload(12 * MiB, 5 * MiB)).toEqual({ kind: 'multipart', partSize: 5 * MiB, partCount: 3 });
  });

  it('plans 4.999 GB in 75 parts with the default threshold', () => {
    expect(planUpload(4_999_000_000, 64 * MiB)).toEqual({ kind: 'multipart', partSize: 64 * MiB, partCount: 75 });
  });

  it("never plans parts below S3's minimum", () => {
    expect(planUpload(3 * MiB, 1 * MiB)).toEqual({ kind: 'multipart', partSize: S3_MIN_PART_BYTES, partCount: 1 });
  });

  it('grows the parts when 10,000 of them would not hold the file', () => {
    const size = 100 * 1000 * 1000 * 1000;
    const plan = planUpload(size, 5 * MiB);
    expect(plan).toEqual({ kind: 'multipart', partSize: size / S3_MAX_PARTS, partCount: S3_MAX_PARTS });
  });
});
