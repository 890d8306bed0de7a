import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import type { FilesConfig } from '../../files.env';
import { ObjectStorage } from '../../storage/object-storage';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';
import { attachmentDisposition } from '../domain/file-name';

export interface DownloadLink {
  url: string;
  expiresAt: Date;
}

/** A short-lived GET URL for one file; the response is an attachment with the file's name and type. */
@Injectable()
export class DownloadFileService {
  constructor(
    private readonly access: FileAccess,
    private readonly storage: ObjectStorage,
    @InjectConfig() private readonly config: FilesConfig,
  ) {}

  async execute(actor: Actor, fileId: string): Promise<DownloadLink> {
    const file = await this.access.find(actor, fileId);
    file.assertUploaded();
    const { props } = file;
    const ttl = this.config.FILES_GET_URL_TTL_SECONDS;
    const url = await this.storage.presignGet(props.objectKey, ttl, { contentType: props.contentType, contentDisposition: attachmentDisposition(props.name) });
    return { url, expiresAt: new Date(Date.now() + ttl * 1000) };
  }
}
