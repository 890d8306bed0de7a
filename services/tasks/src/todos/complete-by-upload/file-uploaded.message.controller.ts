import { Controller } from '@nestjs/common';
import { causedBy, FileUploaded, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { CompleteByUploadService } from './complete-by-upload.service';

/** Uploads made from a file-request to-do (FileUploaded with a todoId) complete it. */
@Controller()
export class FileUploadedMessageController {
  constructor(private readonly completeByUpload: CompleteByUploadService) {}

  @OnEvent(FileUploaded)
  async handle(event: EnvelopeOf<typeof FileUploaded>): Promise<void> {
    const { todoId, clientId, fileId, uploadedBy, uploadedAt } = event.payload;
    if (todoId === null) return;
    await this.completeByUpload.execute({ firmId: event.firmId, clientId, todoId, fileId, uploadedBy, uploadedAt: new Date(uploadedAt) }, causedBy(event));
  }
}
