import { Injectable } from '@nestjs/common';
import type { FirmTemplate } from '../domain/firm-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';

@Injectable()
export class GetTemplateService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /** Undefined both when the id does not exist and when it belongs to another firm. */
  execute(firmId: string, id: string): Promise<FirmTemplate | undefined> {
    return this.templates.findById(firmId, id);
  }
}
