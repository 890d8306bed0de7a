import { ConflictException, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@portico/contracts';
import type { Actor } from './domain/actor';
import { FileNotFoundError } from './domain/file.errors';
import { FileRecord } from './domain/file-record';
import { FileRepository } from './domain/file.repository';
import { changeOptimistically, unlessSame } from '@portico/mongo';

const MAX_ATTEMPTS = 5;

/**
 * One file as an actor may see it. Changes are read-change-write with optimistic concurrency: each write is conditioned on the
 * revision it read, so two changes (a rename and a delete, a share and an unshare) never
 * overwrite each other, and each change's event is written with the state it describes.
 */
@Injectable()
export class FileAccess {
  constructor(private readonly files: FileRepository) {}

  /**
   * Applies `change` to the file `actor` may see (`visible`, by default `visibleTo`) and stores it with
   * `eventsFor(result)`. `change` may run again on fresh state after a lost race, and may throw
   * the domain's refusals; returning the same instance writes nothing.
   */
  async change(
    actor: Actor,
    fileId: string,
    change: (file: FileRecord) => FileRecord,
    eventsFor: (file: FileRecord) => EventEnvelope[] = () => [],
    visible: (file: FileRecord) => boolean = (file) => file.visibleTo(actor),
  ): Promise<FileRecord> {
    const result = await changeOptimistically({
      read: async () => {
        const current = await this.files.find(actor.firmId, fileId);
        return current && visible(current) ? current : undefined;
      },
      decide: (current) => unlessSame(current, change(current)),
      write: async (_, next) =>
        (await this.files.update(next, eventsFor(next))) ? FileRecord.restore({ ...next.props, revision: next.props.revision + 1 }) : undefined,
      attempts: MAX_ATTEMPTS,
      exhausted: () => new ConflictException('The file kept changing while being updated; try again'),
    });
    if (result.kind === 'missing') throw new FileNotFoundError(fileId);
    return result.kind === 'written' ? result.stored : result.current;
  }

  /** The file `actor` may see, or FileNotFoundError. */
  async find(actor: Actor, fileId: string): Promise<FileRecord> {
    const file = await this.files.find(actor.firmId, fileId);
    if (!file || !file.visibleTo(actor)) throw new FileNotFoundError(fileId);
    return file;
  }
}
