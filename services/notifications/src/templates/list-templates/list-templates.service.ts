import { Injectable } from '@nestjs/common';
import type { FirmTemplate } from '../domain/firm-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';

@Injectable()
export class ListTemplatesService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /** A firm has a handful of templates: no paging. */
  execute(firmId: string): Promise<FirmTemplate[]> {
    return this.templates.list(firmId);
  }
}
