import { Injectable } from '@nestjs/common';
import { FirmTemplateRepository } from '../domain/firm-template.repository';

@Injectable()
export class DeleteTemplateService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /**
   * False when the template is not the firm's. Emails already queued with it keep their content;
   * a later request naming it gets the default email.
   */
  execute(firmId: string, id: string): Promise<boolean> {
    return this.templates.delete(firmId, id);
  }
}
